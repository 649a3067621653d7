package dev.oubli.gateway.routing;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * The caller's response as a service's answer is piped into it, watched for silence (ADR 0059): when no byte of the
 * answer has been written for the route's idle time, {@code onSilence} runs (once). Vert.x's request idle timeout does
 * not watch an answer's body once its head has arrived, so without this a service that falls silent mid-answer would
 * hold the caller's connection for ever. A caller too slow to read counts as silence too: its connection is held all
 * the same. One timer per answer, armed again for what is left of the idle time when it finds bytes were written.
 */
final class SilenceWatch implements WriteStream<Buffer> {

    private final Vertx vertx;
    private final WriteStream<Buffer> out;
    private final long idleNanos;
    private final Runnable onSilence;
    private long lastWrite = System.nanoTime();
    private long timer;

    SilenceWatch(Vertx vertx, WriteStream<Buffer> out, long idleMillis, Runnable onSilence) {
        this.vertx = vertx;
        this.out = out;
        this.idleNanos = idleMillis * 1_000_000;
        this.onSilence = onSilence;
        this.timer = vertx.setTimer(idleMillis, this::check);
    }

    private void check(long id) {
        if (timer == -1) {
            return;
        }
        long silent = System.nanoTime() - lastWrite;
        if (silent >= idleNanos) {
            timer = -1;
            onSilence.run();
        } else {
            timer = vertx.setTimer(Math.max(1, (idleNanos - silent) / 1_000_000), this::check);
        }
    }

    /** The answer ended, one way or another: no more watching. */
    void stop() {
        if (timer != -1) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    @Override
    public Future<Void> write(Buffer data) {
        lastWrite = System.nanoTime();
        return out.write(data);
    }

    @Override
    public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
        lastWrite = System.nanoTime();
        out.write(data, handler);
    }

    @Override
    public void end(Handler<AsyncResult<Void>> handler) {
        stop();
        out.end(handler);
    }

    @Override
    public Future<Void> end() {
        stop();
        return out.end();
    }

    @Override
    public SilenceWatch exceptionHandler(Handler<Throwable> handler) {
        out.exceptionHandler(handler);
        return this;
    }

    @Override
    public SilenceWatch setWriteQueueMaxSize(int maxSize) {
        out.setWriteQueueMaxSize(maxSize);
        return this;
    }

    @Override
    public boolean writeQueueFull() {
        return out.writeQueueFull();
    }

    @Override
    public SilenceWatch drainHandler(Handler<Void> handler) {
        out.drainHandler(handler);
        return this;
    }
}
