package dev.oubli.contacts.contact;

import com.google.crypto.tink.subtle.AesGcmJce;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.MasterSecret;
import dev.oubli.tenancy.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * Listing cursors, sealed with AES-256-GCM under a key derived from the platform secret: the client carries
 * where its previous page ended without being able to read it (a last name would otherwise travel in URLs
 * and access logs) or change it. The tenant and the sort order are its associated data, so a cursor that
 * was altered, forged, or issued to another tenant or for another sort is refused with a 400. Its clear
 * text is padded to a multiple of {@link #BLOCK} bytes, so its length does not tell a name's length either.
 */
@ApplicationScoped
class ContactCursors {

    private static final String PURPOSE = "oubli-contacts-listing-cursor";
    static final int BLOCK = 256;
    private static final int MAX_TEXT = 4 * BLOCK;

    private final AesGcmJce aead;

    ContactCursors(@ConfigProperty(name = "oubli.subject-index.master-secret") String masterSecret) throws GeneralSecurityException {
        this.aead = new AesGcmJce(MasterSecret.fromBase64(masterSecret).deriveKey(PURPOSE, "v1", 32));
    }

    String seal(TenantId tenant, ContactListing.Sort sort, ContactListing.Cursor cursor) {
        byte[] value = cursor.value().getBytes(StandardCharsets.UTF_8);
        int length = 16 + 2 + value.length;
        ByteBuffer clear = ByteBuffer.allocate((length + BLOCK - 1) / BLOCK * BLOCK);
        clear.putLong(cursor.id().getMostSignificantBits()).putLong(cursor.id().getLeastSignificantBits())
                .putShort((short) value.length).put(value);
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(aead.encrypt(clear.array(), associated(tenant, sort)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a cursor cannot be sealed", e);
        }
    }

    /** @return null without a cursor (the first page) */
    ContactListing.Cursor open(TenantId tenant, ContactListing.Sort sort, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            if (text.length() > MAX_TEXT) {
                throw new GeneralSecurityException("too long");
            }
            ByteBuffer clear = ByteBuffer.wrap(aead.decrypt(Base64.getUrlDecoder().decode(text.strip()), associated(tenant, sort)));
            UUID id = new UUID(clear.getLong(), clear.getLong());
            byte[] value = new byte[clear.getShort()];
            clear.get(value);
            ContactListing.Cursor cursor = new ContactListing.Cursor(new String(value, StandardCharsets.UTF_8), id);
            if (!cursor.fits(sort)) {
                throw new GeneralSecurityException("not a cursor of this sort");
            }
            return cursor;
        } catch (GeneralSecurityException | IllegalArgumentException | BufferUnderflowException e) {
            throw ProblemException.invalidRequest("cursor is not a cursor this service issued for this listing;"
                    + " keep the sort of the first page and pass its next as it is.");
        }
    }

    private static byte[] associated(TenantId tenant, ContactListing.Sort sort) {
        return (tenant.value() + "|" + sort.text()).getBytes(StandardCharsets.UTF_8);
    }
}
