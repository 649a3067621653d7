package dev.oubli.contacts.privacyrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What contacts-service answered to each request that changes data, so that a re-published request (the
 * watchdog: new event id, attempt + 1) gets the same receipt and changes nothing twice.
 */
@ApplicationScoped
class RequestOutcomeRepository {

    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    RequestOutcomeRepository(ObjectMapper json) {
        this.json = json;
    }

    /** @return the recorded outcome, or null the first time */
    @SuppressWarnings("unchecked")
    Uni<RequestOutcome> previous(TenantId tenant, UUID requestId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select cast(counts as text), failure from privacy_request_outcome
                        where tenant_id = :tenant and request_id = :request""")
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .getResultList())
                .map(rows -> rows.isEmpty() ? null : outcome((Object[]) ((List<Object>) rows).get(0)));
    }

    Uni<RequestOutcome> record(TenantId tenant, UUID requestId, String requestType, RequestOutcome outcome) {
        String counts;
        try {
            counts = outcome.counts() == null ? null : json.writeValueAsString(outcome.counts());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("counts cannot be written", e);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into privacy_request_outcome (tenant_id, request_id, request_type, counts, failure)
                        values (:tenant, :request, :type, cast(cast(:counts as text) as jsonb), :failure)""")
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .setParameter("type", requestType)
                .setParameter("counts", counts)
                .setParameter("failure", outcome.failure() == null ? null : outcome.failure().name())
                .executeUpdate())
                .replaceWith(outcome);
    }

    private RequestOutcome outcome(Object[] row) {
        try {
            return new RequestOutcome(row[0] == null ? null : json.readValue((String) row[0], COUNTS),
                    row[1] == null ? null : TaskFailureReason.valueOf((String) row[1]));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recorded counts cannot be read", e);
        }
    }

    /** Either counts (TaskCompleted) or a failure reason (TaskFailed). */
    record RequestOutcome(Map<String, Long> counts, TaskFailureReason failure) {

        static RequestOutcome completed(Map<String, Long> counts) {
            return new RequestOutcome(counts, null);
        }

        static RequestOutcome failed(TaskFailureReason reason) {
            return new RequestOutcome(null, reason);
        }
    }
}
