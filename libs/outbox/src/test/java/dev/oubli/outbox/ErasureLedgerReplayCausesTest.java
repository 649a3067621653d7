package dev.oubli.outbox;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger pass's retry warning names what failed underneath, without any message (it may quote row values). */
class ErasureLedgerReplayCausesTest {

    @Test
    void namesEachCauseClassOutermostFirstAndNoMessage() {
        Throwable failed = new IllegalStateException("wrapper", new RuntimeException(new SQLException("Key (email)=(ada@example.com)")));

        assertThat(ErasureLedgerReplay.causes(failed)).isEqualTo("IllegalStateException < RuntimeException < SQLException");
        assertThat(ErasureLedgerReplay.causes(new IllegalArgumentException("x"))).isEqualTo("IllegalArgumentException");
    }

    @Test
    void aLongChainIsCutShort() {
        Throwable chain = new RuntimeException("bottom");
        for (int i = 0; i < 20; i++) {
            chain = new RuntimeException(chain);
        }
        assertThat(ErasureLedgerReplay.causes(chain).split(" < ")).hasSize(9);
    }
}
