package dev.oubli.sealing;

import dev.oubli.subjectindex.MasterSecret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes {@link CorrectionSealing} injectable, from the platform secret every service already holds. */
@ApplicationScoped
class CorrectionSealingProducer {

    @Produces
    @ApplicationScoped
    CorrectionSealing correctionSealing(@ConfigProperty(name = "oubli.subject-index.master-secret") String masterSecret) {
        return new CorrectionSealing(MasterSecret.fromBase64(masterSecret));
    }
}
