package dev.oubli.privacy.selfservice;

import dev.oubli.privacy.privacyrequest.PrivacyRequestSettled;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;

/**
 * What a self-service subject receives: the one-time codes (by mail, by text message), and the final notice by mail
 * once the request is settled. With a local outbox (local development, tests) mails are written there, never sent
 * nor logged.
 */
@ApplicationScoped
class SubjectMail {

    private static final Logger LOG = Logger.getLogger(SubjectMail.class);

    private final ReactiveMailer mailer;
    private final LocalOutbox outbox;
    private final SmsSender sms;

    SubjectMail(ReactiveMailer mailer, LocalOutbox outbox, SmsSender sms) {
        this.mailer = mailer;
        this.outbox = outbox;
        this.sms = sms;
    }

    Uni<Void> sendCode(String to, UUID requestId, String code, Duration ttl) {
        return mail(to, "Your verification code",
                "Your verification code is " + code + ".\n\nIt is valid for " + ttl.toMinutes() + " minutes and confirms privacy request "
                        + requestId + ". If you did not make this request, ignore this message.");
    }

    Uni<Void> textCode(String e164, String code, Duration ttl) {
        return sms.send(e164, "Your verification code is " + code + " (valid " + ttl.toMinutes()
                + " minutes, for a privacy request). If you did not ask for it, ignore this message.");
    }

    private Uni<Void> mail(String to, String subject, String text) {
        return outbox.enabled() ? outbox.write("mail", to, subject, text) : mailer.send(Mail.withText(to, subject, text));
    }

    /** After the commit; the address was deleted from the database in that commit. */
    void sendFinalNotice(@ObservesAsync PrivacyRequestSettled settled) {
        mail(settled.address(), "Your privacy request is " + settled.status().toLowerCase().replace('_', ' '),
                        "Your " + settled.type() + " request " + settled.requestId() + " is now " + settled.status() + ".\n")
                .subscribe().with(sent -> LOG.infof("Final notice of request %s sent", settled.requestId()),
                        failed -> LOG.warnf("Final notice of request %s not sent (%s)", settled.requestId(), failed.getClass().getSimpleName()));
    }
}
