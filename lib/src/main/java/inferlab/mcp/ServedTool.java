package inferlab.mcp;

import inferlab.tool.AgentTool;
import inferlab.tool.Tool;
import inferlab.tool.ToolResult;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A tool as an MCP server lists it ({@code tools/list}): a name, a description for the model, a JSON Schema of its
 * arguments, and what a call does. The server checks the arguments against the schema before the call, so the
 * handler only sees arguments of the declared shape.
 *
 * @param inputSchema a JSON Schema object, {@code {"type": "object", "properties": ..., "required": ...}}
 * @param handler     the call: arguments in, a {@link ToolResult} out (a failure is a result, not an exception)
 */
public record ServedTool(String name, String description, Map<String, Object> inputSchema,
                         Function<Map<String, Object>, ToolResult> handler) {

    /**
     * The argument that carries the question being solved, for tools that check an answer against it; an MCP
     * client adapter fills it from the agent's problem ({@link ToolClient#agentTools}).
     */
    public static final String PROBLEM = "problem";

    public ServedTool {
        inputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema)); // in order: Map.copyOf's changes per run
    }

    /** A tool of one required string argument, {@code argument}: what the agent writes inside {@code tool[...]}. */
    public static ServedTool of(String name, String description, String argument, String argumentDescription, Tool tool) {
        return new ServedTool(name, description, schema(Map.of(argument, argumentDescription)),
                args -> tool.call((String) args.get(argument)));
    }

    /** A tool that also reads the question ({@link #PROBLEM}) beside its own string argument. */
    public static ServedTool withProblem(String name, String description, String argument, String argumentDescription, AgentTool tool) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(PROBLEM, "the question being solved, verbatim");
        props.put(argument, argumentDescription);
        return new ServedTool(name, description, schema(props),
                args -> tool.call((String) args.get(PROBLEM), (String) args.get(argument)));
    }

    /** An object schema whose properties are all required strings, in the given order. */
    private static Map<String, Object> schema(Map<String, String> stringProperties) {
        Map<String, Object> props = new LinkedHashMap<>();
        stringProperties.forEach((k, d) -> {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", "string");
            p.put("description", d);
            props.put(k, p);
        });
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", props);
        schema.put("required", List.copyOf(stringProperties.keySet()));
        schema.put("additionalProperties", false);
        return schema;
    }
}
