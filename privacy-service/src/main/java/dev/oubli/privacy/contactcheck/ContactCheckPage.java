package dev.oubli.privacy.contactcheck;

import java.util.List;

/** Recorded checks, newest first. */
public record ContactCheckPage(List<ContactCheckEvidence> checks) {
}
