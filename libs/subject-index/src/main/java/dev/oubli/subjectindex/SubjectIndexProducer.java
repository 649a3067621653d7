package dev.oubli.subjectindex;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the service's {@link SubjectIndex} injectable. The master secret comes from
 * {@code oubli.subject-index.master-secret} (environment: {@code OUBLI_SUBJECT_INDEX_MASTER_SECRET});
 * every service of the platform must use the same one.
 */
@ApplicationScoped
class SubjectIndexProducer {

    @Produces
    @ApplicationScoped
    SubjectIndex subjectIndex(@ConfigProperty(name = "oubli.subject-index.master-secret") String masterSecret) {
        return new SubjectIndex(MasterSecret.fromBase64(masterSecret));
    }
}
