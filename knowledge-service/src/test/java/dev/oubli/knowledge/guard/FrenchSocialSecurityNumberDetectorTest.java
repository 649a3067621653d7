package dev.oubli.knowledge.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrenchSocialSecurityNumberDetectorTest {

    private final FrenchSocialSecurityNumberDetector detector = new FrenchSocialSecurityNumberDetector();

    @Test
    void theKeyIs97MinusTheNumberModulo97() {
        assertThat(FrenchSocialSecurityNumberDetector.key("1850578006084")).isEqualTo(91);
        assertThat(FrenchSocialSecurityNumberDetector.key("2550814168025")).isEqualTo(38);
    }

    @Test
    void corsicanDepartmentsAreRead2AAs19And2BAs18() {
        assertThat(FrenchSocialSecurityNumberDetector.key("175122A004012")).isEqualTo(90);
        assertThat(FrenchSocialSecurityNumberDetector.key("280032b033057")).isEqualTo(24);
    }

    @Test
    void aFindingCoversTheNumberAndItsKey() {
        String text = "NIR 2 80 03 2B 033 057 24, née à Bastia";

        assertThat(detector.findIn(text)).containsExactly(
                new Finding(SensitiveDataKind.FRENCH_SOCIAL_SECURITY_NUMBER, 4, 25));
    }

    @Test
    void spacingMustBeTheSameBetweenEveryGroup() {
        assertThat(detector.findIn("1 85 0578 006 084 91")).isEmpty();
    }
}
