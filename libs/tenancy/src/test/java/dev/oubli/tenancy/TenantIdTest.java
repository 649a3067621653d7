package dev.oubli.tenancy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TenantIdTest {

    @Test
    void readsACanonicalUuid() {
        assertThat(TenantId.parse("11111111-1111-4111-8111-111111111111"))
                .contains(new TenantId(UUID.fromString("11111111-1111-4111-8111-111111111111")));
    }

    @Test
    void ignoresCaseAndSurroundingSpace() {
        assertThat(TenantId.parse(" 0A1B2C3D-0000-4000-8000-00000000000F "))
                .map(TenantId::toString)
                .contains("0a1b2c3d-0000-4000-8000-00000000000f");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "acme", "1-1-1-1-1", "11111111-1111-4111-8111-11111111111", "' or 1=1 --"})
    void rejectsAnythingElse(String text) {
        assertThat(TenantId.parse(text)).isEmpty();
    }
}
