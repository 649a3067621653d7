package dev.oubli.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The settings of the consent ledger, the unsubscribe links and the pre-contact check,
 * {@code oubli.consent.*} in application.properties. (Kept apart from {@link PrivacyConfig}, whose prefix
 * holds the owner registry, while both are being built; they may be merged.)
 */
@ConfigMapping(prefix = "oubli.consent")
public interface ConsentConfig {

    Unsubscribe unsubscribe();

    CallingHours callingHours();

    Disclosure disclosure();

    ContactCheck contactCheck();

    interface ContactCheck {

        /**
         * How long the pre-contact check waits for the ledger before it answers REFUSED with
         * LEDGER_UNAVAILABLE (fail closed).
         */
        @WithDefault("2s")
        Duration ledgerTimeout();

        /**
         * At most this many of a tenant's checks share one statement: those that arrived while the tenant's
         * earlier statements were running (ADR 0016).
         */
        @WithDefault("100")
        int batchSize();

        /**
         * At most this many statements of one tenant's checks run at once; later checks wait and share one. More
         * statements at once mean fewer shared ones, and cost more than they save (measured: 16 at once cut the
         * throughput by five).
         */
        @WithDefault("2")
        int concurrentStatements();
    }

    interface Unsubscribe {

        /**
         * The secret the unsubscribe-token key is derived from (HKDF with its own salt): base64 of at least 32
         * random bytes ({@code openssl rand -base64 32}); by default the subject-index master secret, so a
         * deployment needs no second secret (the derivation separates the two uses).
         */
        String secret();

        /** The public address of this service's {@code /u/} pages, as people reach it (the gateway). */
        @WithDefault("http://127.0.0.1:8080")
        String baseUrl();
    }

    interface CallingHours {

        /** The recipient's time zone when neither the request nor the phone number tells it. */
        @WithDefault("Europe/Paris")
        ZoneId defaultZone();

        /**
         * At most this many tenants' calling hours (their own, set through {@code /api/calling-hours}, or none) are
         * kept in memory by the pre-contact check (docs/adr/0046).
         */
        @WithDefault("10000")
        int cacheSize();

        /**
         * How long a tenant's calling hours are kept in memory: a change through another replica is seen by this one
         * within this time (a change through this one at once).
         */
        @WithDefault("30s")
        Duration cacheTtl();

        /**
         * The platform default of some tenants, by tenant id (a tenant's own hours, set through the API, win); every
         * other tenant follows France's rule for
         * consumer canvassing (weekdays 10:00–13:00 and 14:00–20:00, no weekend, no public holiday).
         */
        Map<String, TenantCallingHours> tenants();
    }

    /** One tenant's calling hours. */
    interface TenantCallingHours {

        /**
         * Windows per day of the week ({@code monday} … {@code sunday}), each {@code HH:mm-HH:mm}, comma
         * separated, for example {@code monday=09:00-12:00,14:00-18:00}. A day not listed has none.
         */
        Map<String, List<String>> days();

        /** {@code FRANCE}, {@code FRANCE_ALSACE_MOSELLE} or {@code NONE}: whose public holidays are off. */
        @WithDefault("FRANCE")
        String holidays();
    }

    interface Disclosure {

        /**
         * The AI-disclosure text of an agent without a policy, or whose policy has no template nor company:
         * literal text and the placeholders {@code {agentName}}, {@code {agentRole}} ({@code assistant} when
         * none), {@code {companyName}}, {@code {agentId}}, {@code {channel}}; never a Qute template (ADR 0019).
         */
        @WithDefault("{agentName}, an AI {agentRole}")
        String defaultTemplate();

        /** The same, for a policy that names a company but has no template. */
        @WithDefault("{agentName}, an AI {agentRole} of {companyName}")
        String defaultTemplateWithCompany();
    }
}
