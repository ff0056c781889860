package inferlab.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import inferlab.system.Trace.Segment;
import inferlab.system.Trace.Segment.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceDiagramTest {

    static Trace trace() {
        var a = new Trace.Candidate(0, "x <<6*7=42>> #### 42", List.of(new Segment(Kind.MODEL, "x <<"),
                new Segment(Kind.TOOL_CALL, "6*7"), new Segment(Kind.TOOL_RESULT, "42"), new Segment(Kind.MODEL, " #### 42")),
                "42", 2, 9, -1.5);
        var b = new Trace.Candidate(1, "say \"41\" #### 41", List.of(new Segment(Kind.MODEL, "say \"41\" #### 41")),
                "41", 1, 8, -3.0);
        return new Trace("test", "Q: 6*7?", List.of(a, b), "majority vote: 2 of 3 say 42", "42", 0, 5, 17, 5,
                Duration.ofMillis(1234));
    }

    @Test
    void dotHasOneChainPerCandidateAndEscapesQuotes() {
        String dot = TraceDiagram.dot(trace());
        assertTrue(dot.startsWith("digraph trace {"));
        assertEquals(count(dot, '{'), count(dot, '}'));
        assertTrue(dot.contains("c0s1 [label=\"tool: 6*7\", shape=hexagon"), dot);
        assertTrue(dot.contains("c0s1 -> c0s2;"));
        assertTrue(dot.contains("say \\\"41\\\" #### 41"), "quotes are escaped");
        assertTrue(dot.contains("c0end [label=\"#0 answer: 42\\nscore 2\", shape=ellipse, fillcolor=\"#d5f5e3\", penwidth=2.5]"), dot);
        assertTrue(dot.contains("#d5f5e3") && dot.contains("c1end [label=\"#1 answer: 41\\nscore 1\", shape=ellipse, fillcolor=\"#eeeeee\""), dot);
        assertTrue(dot.contains("5 prompt + 17 generated + 5 tool tokens, 1.23 s"));
    }

    @Test
    void rendersPngWhenGraphvizIsInstalled(@TempDir Path dir) throws Exception {
        Optional<Path> png = TraceDiagram.render(TraceDiagram.dot(trace()), dir.resolve("trace.png"));
        assumeTrue(png.isPresent(), "graphviz not installed");
        byte[] head = Arrays.copyOf(Files.readAllBytes(png.get()), 4);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
        assertTrue(Files.size(TraceDiagram.render(TraceDiagram.architecture(), dir.resolve("arch.svg")).orElseThrow()) > 1000);
        String svg = TraceDiagram.svg(TraceDiagram.dot(trace())).orElseThrow();
        assertTrue(svg.contains("<svg") && svg.contains("tool: 6*7"), svg);
        assertEquals(svg, TraceDiagram.html(trace()));
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
