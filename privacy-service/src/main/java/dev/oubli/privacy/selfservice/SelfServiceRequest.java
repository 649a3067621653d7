package dev.oubli.privacy.selfservice;

import dev.oubli.events.RequestType;

import java.util.Map;

/**
 * The body of {@code POST /public/tenants/{tenant}/privacy-requests}: what a person asks for themselves.
 *
 * @param email       where the one-time code (and later the final notice) is sent; it also names the subject
 * @param phone       optional: another identifier of the same person
 * @param corrections RECTIFICATION only: the corrected values (firstName, lastName, email, phone, company, jobTitle)
 */
public record SelfServiceRequest(RequestType type, String email, String phone, Map<String, String> corrections) {

    @Override
    public String toString() {
        return "SelfServiceRequest[type=" + type + "]";
    }
}
