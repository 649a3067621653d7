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

/** The mails a self-service subject receives: the one-time code, and the final notice once the request is settled. */
@ApplicationScoped
class SubjectMail {

    private static final Logger LOG = Logger.getLogger(SubjectMail.class);

    private final ReactiveMailer mailer;

    SubjectMail(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

    Uni<Void> sendCode(String to, UUID requestId, String code, Duration ttl) {
        return mailer.send(Mail.withText(to, "Your verification code",
                "Your verification code is " + code + ".\n\nIt is valid for " + ttl.toMinutes() + " minutes and confirms privacy request "
                        + requestId + ". If you did not make this request, ignore this message."));
    }

    /** After the commit; the address was deleted from the database in that commit. */
    void sendFinalNotice(@ObservesAsync PrivacyRequestSettled settled) {
        mailer.send(Mail.withText(settled.address(), "Your privacy request is " + settled.status().toLowerCase().replace('_', ' '),
                        "Your " + settled.type() + " request " + settled.requestId() + " is now " + settled.status() + ".\n"))
                .subscribe().with(sent -> LOG.infof("Final notice of request %s sent", settled.requestId()),
                        failed -> LOG.warnf("Final notice of request %s not sent (%s)", settled.requestId(), failed.getClass().getSimpleName()));
    }
}
