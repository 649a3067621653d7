package dev.oubli.contacts.contact;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A contact card, as the API and exports show it. */
public record ContactResponse(UUID id, String firstName, String lastName, String email, String phone, String company,
                              String jobTitle, JsonNode attributes, String source, LawfulBasis lawfulBasis,
                              boolean processingRestricted, List<ConsentResponse> consents,
                              OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    @Override
    public String toString() {
        return "ContactResponse[id=" + id + "]";
    }
}
