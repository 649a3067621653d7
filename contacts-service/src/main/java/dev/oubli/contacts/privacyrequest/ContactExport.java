package dev.oubli.contacts.privacyrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oubli.contacts.contact.ConsentResponse;
import dev.oubli.contacts.contact.ContactResponse;

import java.util.List;

/**
 * contacts-service's part of an access or portability export (libs/sealing README): one array of flat
 * records per table, {@code contacts} (the cards) and {@code consents} (their consent mirror).
 */
final class ContactExport {

    private ContactExport() {
    }

    static byte[] part(ObjectMapper json, List<ContactResponse> cards) {
        ObjectNode part = json.createObjectNode();
        ObjectNode records = part.putObject("records");
        ArrayNode contacts = records.putArray("contacts");
        ArrayNode consents = records.putArray("consents");
        for (ContactResponse card : cards) {
            ObjectNode contact = contacts.addObject();
            contact.put("id", card.id().toString());
            contact.put("firstName", card.firstName());
            contact.put("lastName", card.lastName());
            contact.put("email", card.email());
            contact.put("phone", card.phone());
            contact.put("company", card.company());
            contact.put("jobTitle", card.jobTitle());
            contact.set("attributes", card.attributes());
            contact.put("source", card.source());
            contact.put("lawfulBasis", card.lawfulBasis() == null ? null : card.lawfulBasis().name());
            contact.put("processingRestricted", card.processingRestricted());
            contact.put("createdAt", card.createdAt().toInstant().toString());
            contact.put("updatedAt", card.updatedAt().toInstant().toString());
            for (ConsentResponse consent : card.consents()) {
                ObjectNode row = consents.addObject();
                row.put("contactId", card.id().toString());
                row.put("channel", consent.channel());
                row.put("purpose", consent.purpose());
                row.put("state", consent.state());
                row.put("source", consent.source());
                row.put("changedAt", consent.changedAt().toInstant().toString());
            }
        }
        try {
            return json.writeValueAsBytes(part);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the export part cannot be written", e);
        }
    }
}
