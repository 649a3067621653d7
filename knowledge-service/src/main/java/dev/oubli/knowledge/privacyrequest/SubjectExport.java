package dev.oubli.knowledge.privacyrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.oubli.events.SubjectRef;
import dev.oubli.knowledge.conversation.ConversationResponse;
import dev.oubli.knowledge.note.NoteResponse;
import dev.oubli.knowledge.subject.Passage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * knowledge-service's part of an export (libs/sealing README): one JSON object with one array of flat records per
 * table. Conversations come whole (messages and transcript), but of their participants only the subject's own rows:
 * the other people in a conversation are not the subject's to receive. Each conversation and message carries the
 * pre-contact check that allowed it and the disclosure version shown, when recorded (ADR 0048).
 */
final class SubjectExport {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Map<String, List<Map<String, Object>>> records = new LinkedHashMap<>();

    SubjectExport(List<ConversationResponse> conversations, Predicate<ConversationResponse.ParticipantResponse> isSubject,
                  List<NoteResponse> notesAbout, List<Passage> passages) {
        List<Map<String, Object>> conversationRows = new ArrayList<>();
        List<Map<String, Object>> participantRows = new ArrayList<>();
        List<Map<String, Object>> messageRows = new ArrayList<>();
        for (ConversationResponse c : conversations) {
            conversationRows.add(row("id", c.id(), "agent", c.agent(), "channel", c.channel(), "startedAt", c.startedAt(),
                    "lastActivityAt", c.lastActivityAt(), "aiDisclosureGiven", c.aiDisclosureGiven(), "aiDisclosedAt", c.aiDisclosedAt(),
                    "transcript", c.transcript(), "checkId", c.checkId(), "disclosureVersion", c.disclosureVersion()));
            c.participants().stream().filter(isSubject).forEach(p -> participantRows.add(
                    row("conversationId", c.id(), "contactId", p.contactId(), "email", p.email(), "phone", p.phone())));
            c.messages().forEach(m -> messageRows.add(row("conversationId", c.id(), "id", m.id(), "direction", m.direction(),
                    "sentAt", m.sentAt(), "body", m.body(), "checkId", m.checkId(), "disclosureVersion", m.disclosureVersion())));
        }
        records.put("conversations", conversationRows);
        records.put("participants", participantRows);
        records.put("messages", messageRows);
        records.put("notes", notesAbout.stream().map(n -> row("id", n.id(), "contactId", n.contactId(), "title", n.title(),
                "body", n.body(), "createdAt", n.createdAt(), "updatedAt", n.updatedAt())).toList());
        records.put("passages", passages.stream().map(p -> row("source", p.source(), "itemId", p.itemId(), "text", p.text())).toList());
    }

    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        records.forEach((table, rows) -> counts.put(table, (long) rows.size()));
        return counts;
    }

    byte[] json() {
        try {
            return JSON.writeValueAsString(Map.of("records", records)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the export part cannot be written", e);
        }
    }

    /** A flat record; values are rendered as strings, numbers, booleans or null. */
    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            row.put((String) namesAndValues[i], value == null || value instanceof Boolean || value instanceof Number ? value : value.toString());
        }
        return row;
    }
}
