package dev.oubli.privacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The settings of privacy-service, {@code oubli.privacy.*} in application.properties. */
@ConfigMapping(prefix = "oubli.privacy")
public interface PrivacyConfig {

    /**
     * The registry of data owners: each owner's service name and the request types it handles, comma-separated,
     * for example {@code oubli.privacy.owners.contacts-service=ERASURE,ACCESS}, or {@code none} (a profile can so
     * switch an owner off). A request gets one task per owner handling its type and completes once each of them
     * has sent its receipt; adding an owner is configuration only. No default: a deployment names its owners.
     */
    Map<String, String> owners();

    /**
     * The owner that resolves a subject's emails and phone numbers to contact ids before the owners act
     * (docs/adr/0034), or {@code none}: requests then go to the owners with the identifiers as given.
     */
    @WithDefault("none")
    String resolver();

    /** The region (ISO 3166, e.g. {@code FR}) of phone numbers given without a +country code. */
    @WithDefault("FR")
    String defaultPhoneRegion();

    Watchdog watchdog();

    Verification verification();

    Exports exports();

    Certificates certificates();

    PublicAccess publicAccess();

    Tenants tenants();

    Retention retention();

    /**
     * A directory where mails and text messages are written, one file each, instead of being sent: local development
     * and tests only (never the log: they carry addresses and codes). Unset in production, where mail goes by SMTP
     * and text messages need a provider.
     */
    Optional<String> localOutbox();

    /** Re-publishes requests whose receipts are late, then gives up on the owners that never answer. */
    interface Watchdog {

        /** How often it looks for late receipts ({@code off} disables it, as the tests do). */
        @WithDefault("1m")
        String every();

        /**
         * How long after the first publication an owner's receipt is late (a lost receipt is re-published within
         * minutes); doubled after each further publication, up to {@link #receiptTimeoutMax()}.
         */
        @WithDefault("5m")
        Duration receiptTimeout();

        /** The longest wait for receipts after a publication. */
        @WithDefault("1h")
        Duration receiptTimeoutMax();

        /** How long after its {@code attempt}-th publication a request's receipts are late. */
        default Duration receiptTimeout(int attempt) {
            Duration wait = receiptTimeout().multipliedBy(1L << Math.min(Math.max(attempt, 1) - 1, 20));
            return wait.compareTo(receiptTimeoutMax()) > 0 ? receiptTimeoutMax() : wait;
        }

        /** Publications in all (the first included) before a silent owner's task is FAILED with NO_RECEIPT. */
        @WithDefault("5")
        int maxAttempts();
    }

    /** Self-service requests: one-time codes sent by mail and text message, and the limits that keep them from abuse. */
    interface Verification {

        @WithDefault("15m")
        Duration codeTtl();

        /** Wrong codes before the request is rejected (IDENTITY_NOT_VERIFIED). */
        @WithDefault("5")
        int maxAttempts();

        /** Codes sent to one email address or phone number within {@link #rateWindow()}, all tenants together. */
        @WithDefault("3")
        int maxPerAddress();

        /** Self-service requests per client IP address within {@link #rateWindow()}, all tenants together. */
        @WithDefault("20")
        int maxPerClient();

        @WithDefault("1h")
        Duration rateWindow();

        /** How often unverified requests are expired ({@code off} disables it). */
        @WithDefault("1m")
        String expireEvery();

        /** Sender of the one-time codes and notices. */
        @WithDefault("privacy@oubli.invalid")
        String from();
    }

    /** Encrypted exports (ACCESS, PORTABILITY): the bundle's life and its download link. */
    interface Exports {

        /** How long a bundle (and its private key) lives after it is assembled; its link expires with it. */
        @WithDefault("7d")
        Duration retention();

        /** HMAC-SHA256 key of download links, base64 (32 bytes or more). No production default. */
        String linkSecret();

        /**
         * The key-encryption key: a Tink AEAD keyset (JSON, base64) that wraps each bundle's own data key
         * (docs/adr/0025). Several keys may be listed: the primary wraps, any of them unwraps. No production default.
         */
        String keyEncryptionKeyset();

        /** How often expired bundles and keys are destroyed ({@code off} disables it). */
        @WithDefault("10m")
        String destroyEvery();

        /**
         * How long a bundle whose owners all answered may wait for its chunks without progress before the owners are
         * asked again (docs/adr/0050); doubled after each re-request.
         */
        @WithDefault("10m")
        Duration chunkTimeout();

        /** Re-requests of missing chunks before the export is FAILED ({@code CHUNKS_MISSING}). */
        @WithDefault("3")
        int chunkAttempts();
    }

    /** Erasure certificates. */
    interface Certificates {

        /** Tink Ed25519 private keyset (JSON), base64. No production default. */
        String signingKeyset();
    }

    /** The tenant registry's terminations (docs/adr/0038). */
    interface Tenants {

        /**
         * How long a terminated tenant keeps its access (to export everything) before its data is purged, unless
         * the termination names its own.
         */
        @WithDefault("30d")
        Duration gracePeriod();

        /** How often the purge sweep looks for tenants past their grace period ({@code off} disables it, as the tests do). */
        @WithDefault("30s")
        String purgeEvery();

        /** The owners that must answer a tenant purge before it is certified (privacy-service purges itself last). */
        @WithDefault("contacts-service,knowledge-service")
        List<String> purgeOwners();

        /** How long after a publication an owner's purge answer is late: the purge is then published again. */
        @WithDefault("5m")
        Duration purgeAnswerTimeout();
    }

    /** The scheduled retention purge of this service's own categories (docs/adr/0057). */
    interface Retention {

        /** How often it runs ({@code off} disables it, as the tests do). */
        @WithDefault("1h")
        String purgeEvery();

        /** Rows deleted per transaction. */
        @WithDefault("5000")
        int batchSize();
    }

    /** The public paths ({@code /public/*}, {@code /u/*}): tenant lookups and the per-client budget (ADR 0020). */
    interface PublicAccess {

        /** Calls per client IP address within {@link #window()} on every public path together. */
        @WithDefault("300")
        int maxPerClient();

        @WithDefault("1m")
        Duration window();

        /** Bound of every per-key rate-limit map (client addresses, recipients): the oldest keys go first. */
        @WithDefault("100000")
        int maxKeys();

        /** Tenant lookups kept (known and unknown ids), and for how long a status change may go unnoticed. */
        @WithDefault("10000")
        int tenantCacheSize();

        @WithDefault("30s")
        Duration tenantCacheTtl();
    }
}
