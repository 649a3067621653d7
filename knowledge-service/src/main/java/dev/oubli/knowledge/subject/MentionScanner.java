package dev.oubli.knowledge.subject;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the email addresses and phone numbers in a text and names each by its blind index. Phones are what
 * libphonenumber recognises as valid numbers (written with a country code, or of the default region without one).
 */
final class MentionScanner {

    // Bounded quantifiers, no nested repetition: linear in the text.
    private static final Pattern EMAIL = Pattern.compile(
            "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?){1,8}");
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final SubjectIndex subjectIndex;
    private final String defaultRegion;

    MentionScanner(SubjectIndex subjectIndex, String defaultRegion) {
        this.subjectIndex = subjectIndex;
        this.defaultRegion = defaultRegion;
    }

    List<Mention> mentionsIn(UUID tenant, String text) {
        List<Mention> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        Matcher email = EMAIL.matcher(text);
        while (email.find()) {
            int end = email.end();
            while (end > email.start() && text.charAt(end - 1) == '.') {
                end--; // a full stop ending the sentence is not part of the address
            }
            try {
                String index = subjectIndex.email(tenant, text.substring(email.start(), end)).value();
                found.add(new Mention(IdentifierKind.EMAIL, email.start(), end, index));
            } catch (InvalidIdentifierException notAnAddress) {
                // looks like one but is not: nothing to index
            }
        }
        for (PhoneNumberMatch phone : PHONES.findNumbers(text, defaultRegion, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
            if (insideAny(found, phone.start())) {
                continue; // digits of an email address's local part
            }
            String e164 = PHONES.format(phone.number(), PhoneNumberUtil.PhoneNumberFormat.E164);
            try {
                found.add(new Mention(IdentifierKind.PHONE, phone.start(), phone.end(), subjectIndex.phone(tenant, e164, null).value()));
            } catch (InvalidIdentifierException notValid) {
                // libphonenumber's own match, refused by the normalisation: nothing to index
            }
        }
        found.sort(Comparator.comparingInt(Mention::start));
        return found;
    }

    private static boolean insideAny(List<Mention> mentions, int position) {
        return mentions.stream().anyMatch(m -> m.start() <= position && position < m.end());
    }
}
