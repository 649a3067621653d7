package dev.oubli.privacy.selfservice;

import dev.oubli.events.RequestType;

import java.util.Map;

/**
 * The body of {@code POST /public/tenants/{tenant}/privacy-requests}: what a person asks for themselves. At least
 * one of {@code email} and {@code phone}; each one given names the subject only once proved by its own one-time
 * code (docs/adr/0020).
 *
 * @param email       a code is mailed there (and later the final notice)
 * @param phone       a code is sent there by text message
 * @param corrections RECTIFICATION only: the corrected values (firstName, lastName, email, phone, company, jobTitle)
 */
public record SelfServiceRequest(RequestType type, String email, String phone, Map<String, String> corrections) {

    @Override
    public String toString() {
        return "SelfServiceRequest[type=" + type + "]";
    }
}
