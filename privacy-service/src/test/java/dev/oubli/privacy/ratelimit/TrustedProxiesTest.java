package dev.oubli.privacy.ratelimit;

import io.quarkus.vertx.http.runtime.TrustedProxyCheckPartConverter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default trusted proxies (the gateway on loopback) are addresses, never host names. Quarkus resolves a host name
 * by DNS while it answers requests, and reads a bare IPv6 address such as {@code 0:0:0:0:0:0:0:1} as host
 * {@code 0:0:0:0:0:0:0} port 1: with no DNS answer, every request waited 5 s each time that lookup was repeated
 * (about one request in 70 on a kept-alive connection). IPv6 is therefore written as a CIDR ({@code ::1/128}).
 * Every service behind the gateway believes forwarded headers from those proxies only (issue 18, item 5).
 */
class TrustedProxiesTest {

    private static final Pattern DEFAULT = Pattern.compile("\\$\\{OUBLI_TRUSTED_PROXIES:(.*)}");

    @ParameterizedTest
    @ValueSource(strings = {"src/main/resources/application.properties", "../web/src/main/resources/application.properties",
            "../contacts-service/src/main/resources/application.properties",
            "../knowledge-service/src/main/resources/application.properties"})
    void theDefaultTrustedProxiesAreAddressesThatNeedNoLookup(String file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(file))) {
            properties.load(reader);
        }
        assertThat(properties.getProperty("quarkus.http.proxy.proxy-address-forwarding"))
                .as("%s takes the client's address from a trusted proxy only", file).isEqualTo("true");
        Matcher value = DEFAULT.matcher(properties.getProperty("quarkus.http.proxy.trusted-proxies", ""));
        assertThat(value.matches()).as("%s sets quarkus.http.proxy.trusted-proxies from OUBLI_TRUSTED_PROXIES", file).isTrue();
        for (String proxy : value.group(1).split(",")) {
            assertThat(hostName(proxy.strip())).as("trusted proxy '%s' in %s", proxy, file).isNull();
        }
    }

    /** The host name Quarkus would look up for this entry, or null for an address or a range. */
    private static String hostName(String proxy) throws ReflectiveOperationException {
        Object part = new TrustedProxyCheckPartConverter().convert(proxy);
        Field hostName = part.getClass().getDeclaredField("hostName");
        hostName.setAccessible(true);
        return (String) hostName.get(part);
    }
}
