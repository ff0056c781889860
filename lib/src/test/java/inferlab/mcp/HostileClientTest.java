package inferlab.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code bin/inferlab mcp-server} fed lines no well-behaved client sends: each gets an answer, and the server goes on. */
class HostileClientTest {

    private static Process server() throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "inferlab.cli.Main", "mcp-server", "--tools", "calculate")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}
            {"jsonrpc":"2.0","method":"notifications/initialized"}
            """;

    @Test
    @Timeout(60) // before the fix the SDK held both requests until initialize, so the first read waited forever
    void aPingIsAnsweredAtOnceAndARequestBeforeInitializeIsRefused() throws Exception {
        Process p = server();
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write("""
                    {"jsonrpc":"2.0","id":"a","method":"tools/list"}
                    {"jsonrpc":"2.0","id":"b","method":"ping"}
                    """ + INITIALIZE + """
                    {"jsonrpc":"2.0","id":"c","method":"tools/list"}
                    """);
            in.flush();
            List<String> answers = List.of(out.readLine(), out.readLine(), out.readLine(), out.readLine());
            assertTrue(answers.get(0).contains("\"id\":\"a\"") && answers.get(0).contains("-32600")
                    && answers.get(0).contains("initialize"), answers.get(0));
            assertTrue(answers.get(1).contains("\"id\":\"b\"") && answers.get(1).contains("\"result\":{}"), answers.get(1));
            assertTrue(answers.get(2).contains("\"id\":0") && answers.get(2).contains("protocolVersion"), answers.get(2));
            assertTrue(answers.get(3).contains("\"id\":\"c\"") && answers.get(3).contains("\"calculate\""), answers.get(3));
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server exits when the client closes its input");
    }

    @Test
    @Timeout(60) // before the fix the server stopped reading at the first bad line and the reads below waited forever
    void badLinesAreAnsweredAndTheServerKeepsServing() throws Exception {
        Process p = server();
        try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            in.write(INITIALIZE + """
                    {not json
                    {"jsonrpc":"2.0","id":null,"method":"tools/list"}
                    {"jsonrpc":"2.0","id":{"a":1},"method":"tools/list"}
                    {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"calculate","arguments":"x"}}
                    {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                    """);
            in.flush();
            List<String> answers = List.of(out.readLine(), out.readLine(), out.readLine(), out.readLine(), out.readLine(), out.readLine());
            assertTrue(answers.get(1).contains("\"id\":null") && answers.get(1).contains("-32700"), answers.get(1));
            assertTrue(answers.get(2).contains("-32600") && answers.get(3).contains("-32600"), answers.toString());
            assertTrue(answers.get(4).contains("\"id\":1") && answers.get(4).contains("-32603"), answers.get(4));
            assertFalse(answers.get(4).contains("jackson") || answers.get(4).contains("McpSchema"), "no Java internals: " + answers.get(4));
            assertTrue(answers.get(5).contains("\"id\":2") && answers.get(5).contains("\"calculate\""), "still serving: " + answers.get(5));
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the server exits when the client closes its input");
        assertEquals(0, p.exitValue());
    }
}
