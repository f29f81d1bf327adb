package io.tdwarehouse.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tdwarehouse.simulator.http.Users.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsersTest {

    private static String basic(String loginAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(loginAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private final Users users = new Users().add("alice:s3cret").add("bob:hunter2:no-reporting");

    @Test
    void reportingUserIsAllowed() {
        assertThat(users.authenticate(basic("alice:s3cret"))).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void userWithoutTheReportingPermissionIsForbidden() {
        assertThat(users.authenticate(basic("bob:hunter2"))).isEqualTo(Outcome.FORBIDDEN);
    }

    @Test
    void wrongPasswordOfAUserWithoutPermissionIsUnauthenticatedNotForbidden() {
        assertThat(users.authenticate(basic("bob:hunter3"))).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void missingHeader() {
        assertThat(users.authenticate(null)).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate("")).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void schemeIsCaseInsensitive() {
        String token = basic("alice:s3cret").substring(6);
        assertThat(users.authenticate("basic " + token)).isEqualTo(Outcome.ALLOWED);
        assertThat(users.authenticate("BASIC " + token)).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void wrongScheme() {
        String token = basic("alice:s3cret").substring(6);
        assertThat(users.authenticate("Bearer " + token)).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate("Digest " + token)).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(token)).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate("Basic")).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate("Basic ")).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate("Basicx" + token)).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic !!!notbase64", "Basic YWxpY2U6czNjcmV0=", "Basic YW=xp", "Basic ×××"})
    void badBase64(String header) {
        assertThat(users.authenticate(header)).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void decodedValueWithoutColon() {
        assertThat(users.authenticate(basic("alice"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(basic("alices3cret"))).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void wrongPassword() {
        assertThat(users.authenticate(basic("alice:S3cret"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(basic("alice:s3cret "))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(basic("alice:s3cre"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(basic("alice:"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(basic("alice:s3cret:no-reporting"))).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void unknownUser() {
        assertThat(users.authenticate(basic("carol:s3cret"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(basic("Alice:s3cret"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(basic(":s3cret"))).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void nonAsciiPasswordIsUtf8() {
        Users u = new Users().add("jürgen:pässwörd😀");
        assertThat(u.authenticate(basic("jürgen:pässwörd😀"))).isEqualTo(Outcome.ALLOWED);
        assertThat(u.authenticate(basic("jürgen:passwörd😀"))).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void headerWithTrailingWhitespace() {
        assertThat(users.authenticate(basic("alice:s3cret") + " ")).isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void colonInTheDecodedPasswordSplitsAtTheFirstColon() {
        // RFC 7617: the user-id cannot contain a colon, the password can
        assertThat(users.authenticate(basic("alice:s3cret:"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(users.authenticate(basic("alice:s3:cret"))).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void passwordContainingAColon() {
        Users u = new Users().add("carol:pa:ss").add("dave:a:b:c:no-reporting");
        assertThat(u.authenticate(basic("carol:pa:ss"))).isEqualTo(Outcome.ALLOWED);
        assertThat(u.authenticate(basic("carol:pa"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(u.authenticate(basic("dave:a:b:c"))).isEqualTo(Outcome.FORBIDDEN);
    }

    @Test
    void laterSpecForTheSameLoginReplacesTheEarlier() {
        Users u = new Users().add("alice:one").add("alice:two:no-reporting");
        assertThat(u.logins()).containsExactly("alice");
        assertThat(u.authenticate(basic("alice:one"))).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(u.authenticate(basic("alice:two"))).isEqualTo(Outcome.FORBIDDEN);
    }

    @Test
    void defaults() {
        Users d = Users.defaults();
        assertThat(d.logins()).containsExactly("reporting", "noreporting");
        assertThat(d.authenticate(basic("reporting:reporting"))).isEqualTo(Outcome.ALLOWED);
        assertThat(d.authenticate(basic("noreporting:noreporting"))).isEqualTo(Outcome.FORBIDDEN);
        assertThat(new Users().isEmpty()).isTrue();
        assertThat(new Users().authenticate(basic("reporting:reporting"))).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void usersFileWithCommentsAndBlankLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, String.join("\n",
                "# test accounts",
                "",
                "  alice:s3cret  ",
                "\t# indented comment",
                "bob:hunter2:no-reporting",
                "#carol:commented-out",
                "zoë:wachtwoord",
                "   "), StandardCharsets.UTF_8);
        Users u = new Users().addFile(file);
        assertThat(u.logins()).containsExactly("alice", "bob", "zoë");
        assertThat(u.authenticate(basic("alice:s3cret"))).isEqualTo(Outcome.ALLOWED);
        assertThat(u.authenticate(basic("bob:hunter2"))).isEqualTo(Outcome.FORBIDDEN);
        assertThat(u.authenticate(basic("zoë:wachtwoord"))).isEqualTo(Outcome.ALLOWED);
        assertThat(u.authenticate(basic("carol:commented-out"))).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void usersFileWithWindowsLineEnds(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, "# accounts\r\nalice:s3cret\r\nbob:hunter2:no-reporting\r\n", StandardCharsets.UTF_8);
        Users u = new Users().addFile(file);
        assertThat(u.authenticate(basic("alice:s3cret"))).isEqualTo(Outcome.ALLOWED);
        assertThat(u.authenticate(basic("bob:hunter2"))).isEqualTo(Outcome.FORBIDDEN);
    }

    @Test
    void badLineInAUsersFileIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("users.txt");
        Files.writeString(file, "alice:s3cret\nbob-Tr0ub4dor\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new Users().addFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Tr0ub4dor"));
    }

    @Test
    void missingUsersFile(@TempDir Path dir) {
        assertThatThrownBy(() -> new Users().addFile(dir.resolve("absent.txt"))).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"justalogin", "login:", ":Pa55word", "", ":", "login::no-reporting"})
    void badSpecsAreRejectedWithoutShowingThePassword(String spec) {
        assertThatThrownBy(() -> new Users().add(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).isNotBlank();
                    assertThat(e.getMessage()).doesNotContain("Pa55word");
                });
    }
}
