package dev.oubli.subjectindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TenantKeysTest {

    private static final HexFormat HEX = HexFormat.of();

    // RFC 5869, appendix A, test cases 1 to 3 (HKDF-SHA256), copied as printed in the RFC.
    @ParameterizedTest(name = "RFC 5869 test case {0}")
    @CsvSource({
        "1, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, 000102030405060708090a0b0c, f0f1f2f3f4f5f6f7f8f9, 42, "
                + "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        "2, 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
                + "404142434445464748494a4b4c4d4e4f, "
                + "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
                + "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
                + "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf, "
                + "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf"
                + "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef"
                + "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff, 82, "
                + "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87",
        "3, 0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b, '', '', 42, "
                + "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    })
    void derivesTheRfc5869TestVectors(int testCase, String ikm, String salt, String info, int length, String okm) {
        byte[] derived = TenantKeys.hkdfSha256(HEX.parseHex(ikm), HEX.parseHex(salt), HEX.parseHex(info), length);

        assertThat(HEX.formatHex(derived)).isEqualTo(okm);
    }

    @Test
    void derivesTheTenantKeyFromTheMasterSecretTheFixedSaltAndTheLowerCaseTenantId() {
        byte[] masterSecret = new byte[32];
        for (int i = 0; i < masterSecret.length; i++) {
            masterSecret[i] = (byte) i;
        }
        // UUID.fromString accepts upper case; the key must not depend on how the id was spelled.
        UUID tenant = UUID.fromString("7F3C2A10-5B4E-4C8D-9A61-2E0F4B7D1C93");

        // Computed independently with OpenSSL 3:
        //   openssl kdf -keylen 32 -kdfopt digest:SHA256 \
        //     -kdfopt hexkey:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f \
        //     -kdfopt salt:oubli-subject-index -kdfopt info:7f3c2a10-5b4e-4c8d-9a61-2e0f4b7d1c93 HKDF
        assertThat(HEX.formatHex(TenantKeys.deriveKey(masterSecret, tenant)))
                .isEqualTo("fd50203d146c5e6aaf0ead2a1e656076a359b5d7463ed8fed04007bc032875ce");
    }

    @Test
    void derivesEachTenantsKeyOnceAndKeepsIt() {
        TenantKeys keys = new TenantKeys(MasterSecret.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));
        UUID tenant = UUID.randomUUID();

        assertThat(keys.hmacOf(tenant)).isSameAs(keys.hmacOf(tenant));
        assertThat(keys.hmacOf(tenant)).isNotSameAs(keys.hmacOf(UUID.randomUUID()));
    }
}
