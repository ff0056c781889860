package inferlab.mcp;

import inferlab.Project;
import inferlab.agent.CalculatorTool;
import inferlab.agent.DocumentStore;
import inferlab.agent.PathChecker;
import inferlab.sandbox.CodeInterpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent's tools as MCP tools, named as the {@link inferlab.agent.ReAct} agent and its few-shot examples
 * ({@link inferlab.agent.AgentPrompts}) call them: {@code search} (BM25 over the corpus), {@code calculate}
 * (arithmetic in the sandbox), {@code java} (a Java snippet in the sandbox: the course's agent runs Python, our
 * interpreter runs Java) and {@code verify} (the graph-path checker, the course's "graph path evaluation" tool).
 */
public final class CourseTools {
    private CourseTools() {}

    public static final List<String> NAMES = List.of("search", "calculate", "java", "verify");

    public static ServedTool search(DocumentStore store) {
        return ServedTool.of("search", "Searches the document collection (BM25) and returns the most relevant sentence of the best passage.",
                "query", "keywords to search for", store);
    }

    public static ServedTool calculate(CodeInterpreter interpreter) {
        return ServedTool.of("calculate", "Evaluates an arithmetic expression such as 48/2+3 (in doubles, 6 decimals at most).",
                "expression", "an arithmetic expression", new CalculatorTool(interpreter));
    }

    public static ServedTool java(CodeInterpreter interpreter) {
        return ServedTool.of("java", "Runs a Java snippet in a sandbox (no files, network or threads) and returns the value of its last expression or what it printed.",
                "code", "Java statements or an expression", interpreter::run);
    }

    public static ServedTool verify() {
        return ServedTool.withProblem("verify", "Checks proposed paths against a shortest-path question: missing edges, weights, whether they are the shortest.",
                "paths", "the proposed paths, e.g. [[0,1,3]]", new PathChecker());
    }

    /** The corpus the {@code search} tool indexes: the training addresses, in passages of about 60 words, 12-word answers. */
    public static DocumentStore corpus() {
        return DocumentStore.fromCorpus(Project.data().resolve("corpus/train.txt"), 60, 12);
    }

    /**
     * The tools named, in order; {@code store} and {@code interpreter} may be null when no named tool needs them.
     * An unknown name is refused with the list of known ones.
     */
    public static List<ServedTool> select(List<String> names, DocumentStore store, CodeInterpreter interpreter) {
        List<ServedTool> out = new ArrayList<>();
        for (String n : names) {
            out.add(switch (n) {
                case "search" -> search(Objects.requireNonNull(store, "search needs a document store"));
                case "calculate" -> calculate(Objects.requireNonNull(interpreter, "calculate needs an interpreter"));
                case "java" -> java(Objects.requireNonNull(interpreter, "java needs an interpreter"));
                case "verify" -> verify();
                default -> throw new IllegalArgumentException("unknown tool '" + n + "' (tools: " + String.join(", ", NAMES) + ")");
            });
        }
        return out;
    }
}
