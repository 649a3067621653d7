package dev.oubli.privacy.selfservice;

import dev.oubli.privacy.export.ExportReady;
import dev.oubli.privacy.privacyrequest.PrivacyRequestSettled;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.UUID;

/**
 * What a self-service subject receives: the one-time codes (by mail, by text message), the final notice by mail
 * once the request is settled, and an export's signed download link once its bundle is assembled. With a local outbox (local development, tests) mails are written there, never sent
 * nor logged.
 */
@ApplicationScoped
class SubjectMail {

    private static final Logger LOG = Logger.getLogger(SubjectMail.class);

    private final ReactiveMailer mailer;
    private final LocalOutbox outbox;
    private final SmsSender sms;
    /** Where people reach the public paths (the gateway), before the export's relative link. */
    private final String publicUrl;

    SubjectMail(ReactiveMailer mailer, LocalOutbox outbox, SmsSender sms,
                @ConfigProperty(name = "oubli.consent.unsubscribe.base-url") String publicUrl) {
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
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

    /** The export's signed link, absolute for a mail reader; the address was deleted from the database as it was assembled. */
    void sendExportLink(@ObservesAsync ExportReady ready) {
        mail(ready.address(), "Your data is ready to download",
                        "The export of your request " + ready.requestId() + " is ready. Download it (a ZIP; start with LISEZMOI-README.txt) until "
                                + ready.expiresAt() + ":\n\n" + publicUrl + ready.link() + "\n\nAfter that date the link no longer works.\n")
                .subscribe().with(sent -> LOG.infof("Export link of request %s sent", ready.requestId()),
                        failed -> LOG.warnf("Export link of request %s not sent (%s)", ready.requestId(), failed.getClass().getSimpleName()));
    }

    /** After the commit; the address was deleted from the database in that commit. */
    void sendFinalNotice(@ObservesAsync PrivacyRequestSettled settled) {
        mail(settled.address(), "Your privacy request is " + settled.status().toLowerCase().replace('_', ' '),
                        "Your " + settled.type() + " request " + settled.requestId() + " is now " + settled.status() + ".\n")
                .subscribe().with(sent -> LOG.infof("Final notice of request %s sent", settled.requestId()),
                        failed -> LOG.warnf("Final notice of request %s not sent (%s)", settled.requestId(), failed.getClass().getSimpleName()));
    }
}
