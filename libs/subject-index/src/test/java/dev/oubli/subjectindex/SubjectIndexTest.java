package dev.oubli.subjectindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubjectIndexTest {

    /** The 32 bytes 0x00..0x1f. */
    private static final MasterSecret FIXED_SECRET =
            MasterSecret.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
    private static final UUID FIXED_TENANT = UUID.fromString("7f3c2a10-5b4e-4c8d-9a61-2e0f4b7d1c93");

    private final SubjectIndex subjectIndex = new SubjectIndex(FIXED_SECRET);
    private final UUID tenant = UUID.randomUUID();

    /*
     * Expected values computed independently of this library, with Python 3's standard library:
     *
     * python3 -c '
     * import hmac, hashlib, base64
     * H = lambda k, m: hmac.new(k, m, hashlib.sha256).digest()
     * prk = H(b"oubli-subject-index", bytes(range(32)))                      # HKDF-Extract
     * key = H(prk, b"7f3c2a10-5b4e-4c8d-9a61-2e0f4b7d1c93" + b"\x01")         # HKDF-Expand, L = 32
     * for m in (b"email:ada@example.com", b"phone:+33612345678"):
     *     print(base64.urlsafe_b64encode(H(key, m)).rstrip(b"=").decode())'
     *
     * and cross-checked with OpenSSL 3 (openssl kdf ... HKDF, then openssl dgst -sha256 -mac HMAC).
     */
    @Test
    void indexesAnEmailAddressAsTheSchemeSpecifies() {
        assertThat(subjectIndex.email(FIXED_TENANT, "ada@example.com").value())
                .isEqualTo("eHaqV6gIJTRM9u2QLcWf6WXCEvtiozbr0323Z_xHIMw");
    }

    @Test
    void indexesAPhoneNumberAsTheSchemeSpecifies() {
        assertThat(subjectIndex.phone(FIXED_TENANT, "+33612345678", "FR").value())
                .isEqualTo("x1dg36Q9RP6yuk-sphHVe7-JiJ8qSIyPq-d7R1mROt4");
    }

    @Test
    void indexesANumberAlreadyInE164WithoutParsingItToTheSameValue() {
        assertThat(subjectIndex.phoneE164(FIXED_TENANT, "+33612345678").value())
                .isEqualTo("x1dg36Q9RP6yuk-sphHVe7-JiJ8qSIyPq-d7R1mROt4");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> subjectIndex.phoneE164(tenant, "0612345678"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageNotContaining("0612345678");
    }

    @Test
    void givesTheSameIndexToEverySpellingOfAnEmailAddress() {
        assertThat(subjectIndex.email(tenant, " Ada@Example.COM "))
                .isEqualTo(subjectIndex.email(tenant, "ada@example.com"));
    }

    @Test
    void givesTheSameIndexToEverySpellingOfAPhoneNumber() {
        BlindIndex international = subjectIndex.phone(tenant, "+33612345678", "FR");

        assertThat(subjectIndex.phone(tenant, "06 12 34 56 78", "FR")).isEqualTo(international);
        assertThat(subjectIndex.phone(tenant, "+33 6 12 34 56 78", "FR")).isEqualTo(international);
        // A number written with its country code does not depend on the default region.
        assertThat(subjectIndex.phone(tenant, "+33 6 12 34 56 78", "US")).isEqualTo(international);
    }

    @Test
    void givesDifferentTenantsDifferentIndexesForTheSameEmailAddress() {
        assertThat(subjectIndex.email(tenant, "ada@example.com"))
                .isNotEqualTo(subjectIndex.email(UUID.randomUUID(), "ada@example.com"));
    }

    @Test
    void givesDifferentMasterSecretsDifferentIndexes() {
        SubjectIndex other = new SubjectIndex(
                MasterSecret.fromBase64("AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));

        assertThat(other.email(tenant, "ada@example.com"))
                .isNotEqualTo(subjectIndex.email(tenant, "ada@example.com"));
    }

    @Test
    void neverGivesAnEmailAndAPhoneNumberTheSameIndexForTheSameText() {
        BlindIndex phone = subjectIndex.phone(tenant, "+33612345678", "FR");

        assertThat(subjectIndex.index(tenant, IdentifierKind.EMAIL, "+33612345678")).isNotEqualTo(phone);
        assertThat(subjectIndex.index(tenant, IdentifierKind.PHONE, "+33612345678")).isEqualTo(phone);
    }

    @Test
    void producesBlindIndexesThatParseBack() {
        BlindIndex index = subjectIndex.email(tenant, "ada@example.com");

        assertThat(index.value()).hasSize(43);
        assertThat(BlindIndex.parse(index.value())).isEqualTo(index);
    }

    @Test
    void computesTheSameIndexesFromManyThreadsAsFromOne() throws Exception {
        List<UUID> tenants = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            emails.add("person" + i + "@example.com");
        }
        List<BlindIndex> singleThreaded = new ArrayList<>();
        SubjectIndex reference = new SubjectIndex(FIXED_SECRET);
        for (UUID each : tenants) {
            for (String email : emails) {
                singleThreaded.add(reference.email(each, email));
            }
        }

        // A fresh instance, so that the threads also race to derive the tenants' keys.
        SubjectIndex shared = new SubjectIndex(FIXED_SECRET);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<BlindIndex>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<BlindIndex>> run = () -> {
                    start.await();
                    List<BlindIndex> indexes = new ArrayList<>();
                    for (UUID each : tenants) {
                        for (String email : emails) {
                            indexes.add(shared.email(each, email));
                        }
                    }
                    return indexes;
                };
                results.add(pool.submit(run));
            }
            start.countDown();
            for (Future<List<BlindIndex>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(singleThreaded);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
