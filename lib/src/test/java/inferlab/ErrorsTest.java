package inferlab;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    static String reasonFor(String json) {
        JsonParseException e = assertThrows(JsonParseException.class, () -> JsonParser.parseString(json));
        return Errors.reason(e);
    }

    @Test
    void gsonsFailuresReadWithoutClassNamesOrLinks() {
        for (String bad : new String[] {"{\"prompt\": ", "{\"a\": 1} xyz", "{\"a\" 1}", "[1,,"}) {
            String r = reasonFor(bad);
            assertFalse(r.contains("Exception") || r.contains("java.") || r.contains("com.google") || r.contains("https://")
                    || r.contains("setStrictness"), bad + " -> " + r);
            assertTrue(r.contains("line 1"), bad + " -> " + r); // the position stays
        }
        assertEquals("End of input at line 1 column 12 path $.prompt", reasonFor("{\"prompt\": "));
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsKind() {
        assertEquals("ConnectException", Errors.reason(new RuntimeException(new java.net.ConnectException())));
    }
}
