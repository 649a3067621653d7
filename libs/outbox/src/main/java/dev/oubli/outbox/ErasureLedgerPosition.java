package dev.oubli.outbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the start-up pass over the ledger of erasures stopped, per partition ({@code erasure_ledger_position}, V0_5,
 * docs/adr/0060): every ledger record below it is reflected in this database. It lives beside the data it describes, so
 * a restore of an older backup rewinds both. The platform's row, not a tenant's: each transaction here says so with
 * {@code oubli.erasure_ledger}, which the table's only policy admits.
 */
@ApplicationScoped
class ErasureLedgerPosition {

    /** @return per partition, the offset of the first ledger record the pass has not read yet */
    Uni<Map<Integer, Long>> read() {
        return asTheLedgerPass(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select partition, next_offset from erasure_ledger_position", Object[].class)
                .getResultList()).map(rows -> {
                    Map<Integer, Long> positions = new HashMap<>();
                    for (Object[] row : rows) {
                        positions.put(((Number) row[0]).intValue(), ((Number) row[1]).longValue());
                    }
                    return positions;
                }));
    }

    /** Records that every ledger record below these offsets is reflected in this database (one row per partition: a few). */
    Uni<Void> save(Map<Integer, Long> positions) {
        return asTheLedgerPass(() -> Multi.createFrom().iterable(positions.entrySet())
                .onItem().transformToUniAndConcatenate(position -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into erasure_ledger_position (partition, next_offset) values (:partition, :offset)
                                on conflict (partition) do update set next_offset = excluded.next_offset, updated_at = now()""")
                        .setParameter("partition", position.getKey())
                        .setParameter("offset", position.getValue())
                        .executeUpdate()))
                .collect().last().replaceWithVoid());
    }

    private static <T> Uni<T> asTheLedgerPass(Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select set_config('oubli.erasure_ledger', 'on', true)").getSingleResult())
                .chain(ignored -> work.get()));
    }
}
