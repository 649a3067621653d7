package dev.oubli.contacts.contactimport;

import dev.oubli.contacts.ContactsConfig;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where import uploads wait for their job (docs/adr/0022): a directory of the service's own (0700, files
 * 0600), a cap per upload and a bound on the space all uploads hold together. An upload that does not
 * arrive whole (too large, no room, the client gone) leaves no file behind; partial uploads a stopped instance left
 * are deleted at start. The upload of a job is {@link #keep kept} under the job's name until the job ends: after a
 * restart its import resumes from it (docs/adr/0045).
 */
@ApplicationScoped
class UploadSpool {

    private static final Logger LOG = Logger.getLogger(UploadSpool.class);
    private static final String PREFIX = "contact-import-";
    private static final String SUFFIX = ".upload";
    /** A job's upload: {@code contact-import-<tenant>_<job>.job}. */
    private static final String JOB_SUFFIX = ".job";

    private final Path directory;
    private final long maxUpload;
    private final long maxSpool;
    /** Bytes held by uploads being received or waiting for their job. */
    private final AtomicLong held = new AtomicLong();

    UploadSpool(ContactsConfig config) {
        this.directory = config.imports().uploadDir().toAbsolutePath();
        this.maxUpload = config.imports().maxUploadSize().asLongValue();
        this.maxSpool = config.imports().maxSpoolSize().asLongValue();
    }

    /** An upload on disk, {@code size} bytes. */
    record Upload(Path file, long size) {
    }

    /** Upload refused for lack of room: the client may try again later. */
    static final class Full extends RuntimeException {
        Full() {
            super("no room for the upload", null, false, false);
        }
    }

    void prepare(@Observes StartupEvent start) {
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            try (DirectoryStream<Path> left = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX)) {
                for (Path file : left) {
                    Files.deleteIfExists(file);
                }
            }
            for (Kept job : kept()) {
                held.addAndGet(job.upload().size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The import upload directory cannot be prepared", e);
        }
    }

    /**
     * Writes the body to a new file as it arrives. Blocking.
     *
     * @throws ProblemException 413 past the cap, 400 if the body cannot be read to its end
     * @throws Full             if the uploads would hold more than the spool's space
     */
    Upload receive(InputStream body) {
        Path file;
        try {
            file = Files.createTempFile(directory, PREFIX, SUFFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException("An import upload file cannot be created", e);
        }
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                size += n;
                held.addAndGet(n);
                if (size > maxUpload) {
                    throw new ProblemException(413, "payload-too-large", "Payload too large",
                            "The body is larger than " + maxUpload + " bytes, the limit of this endpoint.");
                }
                if (held.get() > maxSpool) {
                    throw new Full();
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            release(new Upload(file, size));
            throw ProblemException.invalidRequest("The upload could not be read to its end.");
        } catch (RuntimeException e) {
            release(new Upload(file, size));
            throw e;
        }
        return new Upload(file, size);
    }

    /** The upload of a job from now on: the file is renamed after the job, and kept until the job ends. */
    Upload keep(Upload upload, TenantId tenant, UUID job) {
        Path kept = directory.resolve(PREFIX + tenant.value() + "_" + job + JOB_SUFFIX);
        try {
            Files.move(upload.file(), kept, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("An import upload cannot be kept for its job", e);
        }
        return new Upload(kept, upload.size());
    }

    /** A job's upload left by a stopped instance. */
    record Kept(TenantId tenant, UUID job, Upload upload) {
    }

    /** The jobs' uploads in the directory (at start: those a stopped instance left, whose imports did not end). */
    List<Kept> kept() {
        List<Kept> kept = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, PREFIX + "*" + JOB_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String[] ids = name.substring(PREFIX.length(), name.length() - JOB_SUFFIX.length()).split("_");
                try {
                    kept.add(new Kept(new TenantId(UUID.fromString(ids[0])), UUID.fromString(ids[1]), new Upload(file, Files.size(file))));
                } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException notAJob) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The import upload directory cannot be read", e);
        }
        return kept;
    }

    /** Deletes the upload's file and gives its room back. */
    void release(Upload upload) {
        try {
            Files.deleteIfExists(upload.file());
        } catch (IOException e) {
            LOG.warnf("An import upload could not be deleted: %s", upload.file().getFileName());
        }
        held.addAndGet(-upload.size());
    }
}
