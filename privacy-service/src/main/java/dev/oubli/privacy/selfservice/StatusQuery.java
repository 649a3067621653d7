package dev.oubli.privacy.selfservice;

/** The private status link's token, in a body so that it stays out of the URL and the access logs. */
public record StatusQuery(String token) {
}
