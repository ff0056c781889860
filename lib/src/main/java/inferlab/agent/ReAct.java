package inferlab.agent;

import inferlab.model.Session;
import inferlab.model.Tokenizer;
import inferlab.model.WorkerPool;
import inferlab.plot.Charts;
import inferlab.plot.Tables;
import inferlab.prob.Categorical;
import inferlab.prob.Interval;
import inferlab.prob.Softmax;
import inferlab.system.Completer;
import inferlab.system.InferenceSystem;
import inferlab.system.SelfRefine;
import inferlab.system.Trace;
import inferlab.task.Item;
import inferlab.task.Task;
import inferlab.tool.AgentTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.CategoryChart;
import tech.tablesaw.api.Table;

/**
 * A ReAct agent (Yao et al., 2023): reasoning and acting interleaved. After a few-shot example and the
 * question, the loop writes a label and the model completes the line:
 * <pre>
 * Thought: &lt;model&gt;
 * Action: &lt;model&gt;  tool[input]              the tool runs, and the loop appends
 * Observation: &lt;tool's text&gt;
 * ...                                         at most maxSteps Thought/Action pairs
 * Action: finish
 * Q: &lt;the question again&gt;
 * A: &lt;model&gt;                                 the answer, in the task's own format
 * </pre>
 * The loop writes the labels so that the model only fills content: a 2.4M-parameter model does not keep
 * a format on its own. The answer comes after the question restated and {@code A:}, the format the model was
 * trained to answer in (after a bare {@code A:} our model answers every question as if it were multiple
 * choice), with the completer's stops and budget (a word problem's answer is a worked solution over
 * several lines). The answer is written from the transcript without the few-shot example, which has done
 * its job by then: the model's context holds 256 tokens.
 * An action that does not parse, or names no known tool, gets an observation saying so. After
 * {@code maxSteps} steps, or when the context has no room for another step and the answer, the loop
 * writes {@code A:} itself: every run ends with an answer.
 *
 * <p>A {@link ToolChoice} other than {@code FREE} goes one step further, as structured-output decoding does:
 * the action's name is not written freely but drawn among the allowed names from the model's own
 * distribution restricted to them, {@code P(a) = p(" a" | context) / Σ_b p(" b" | context)}; the model
 * then writes the input. Free, the tiny model seldom writes a well-formed action.
 *
 * <p>Tokens are counted by who wrote them (the model's tokenizer on each piece of the transcript):
 * reasoning (thought lines), tool calls (action lines that call a tool, malformed ones included), tool
 * results (observation lines), answers (the finish line and the answer) and scaffold (the loop's labels
 * and the restated question). Each model call is also counted as an API bills it ({@link Call}): the tokens
 * it read (the whole context so far, read again on every call by a stateless server) and the tokens it wrote.
 *
 * @param completer  the model and its decoder; the answer's token budget, stop strings and parser
 * @param lineTokens token budget of one Thought or Action line
 * @param fewShot    examples in the same format, ending with a blank line ({@link AgentPrompts})
 * @param tools      name → tool; {@code finish} is built in
 * @param toolChoice how the action's name is decided
 */
public record ReAct(String name, Completer completer, int lineTokens, String fewShot, Map<String, AgentTool> tools,
                    int maxSteps, ToolChoice toolChoice) implements InferenceSystem {

    /**
     * How the action's name is decided. {@code FREE}: the model writes the whole action line.
     * {@code CONSTRAINED}: the name is drawn among the tools and {@code finish} from the model's distribution
     * restricted to them. {@code REQUIRED}: the same, but the first action must be a tool (the "required"
     * tool choice of function-calling APIs).
     */
    public enum ToolChoice { FREE, CONSTRAINED, REQUIRED }

    public ReAct {
        if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
        if (lineTokens < 1) throw new IllegalArgumentException("lineTokens must be >= 1, got " + lineTokens);
        if (tools.containsKey(FINISH)) throw new IllegalArgumentException("'finish' is built in, not a tool");
        for (String n : tools.keySet()) {
            // actions are parsed case-insensitively, so only a lower-case name can ever be called
            if (!n.matches("[a-z_][a-z0-9_]*")) throw new IllegalArgumentException("a tool name must be a lower-case identifier, got '" + n + "'");
        }
        if (toolChoice == ToolChoice.REQUIRED && tools.isEmpty()) throw new IllegalArgumentException("a required tool choice needs a tool");
        tools = Map.copyOf(tools);
    }

    public static final String FINISH = "finish";
    private static final Pattern ACTION = Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(?:\\[(.*))?$", Pattern.DOTALL);
    /** Longer observations are cut: the context holds 256 tokens. */
    static final int MAX_OBSERVATION_CHARS = 120;

    /**
     * A parsed action line: {@code tool[input]} (the closing bracket may be missing, a line cut short), or
     * {@code finish} (input "").
     */
    public record Action(String tool, String input) {
        /** The action on {@code line}, or null if it has neither shape (a tool with an empty input included). */
        public static Action parse(String line) {
            Matcher m = ACTION.matcher(line.strip());
            if (!m.matches()) return null;
            String tool = m.group(1).toLowerCase(Locale.ROOT);
            if (m.group(2) == null) return tool.equals(FINISH) ? new Action(tool, "") : null;
            String input = m.group(2).strip();
            if (input.endsWith("]")) input = input.substring(0, input.length() - 1).strip();
            return input.isEmpty() && !tool.equals(FINISH) ? null : new Action(tool, input);
        }
    }

    /** Tokens of the transcript by who wrote them; {@code prompt} is the few-shot example and the question. */
    public record Tokens(int prompt, int reasoning, int toolCalls, int toolResults, int answers, int scaffold) {
        public int total() {
            return prompt + reasoning + toolCalls + toolResults + answers + scaffold;
        }
    }

    /**
     * One model call of a run, as an API's usage field counts it: in step {@code step}, a {@code kind} of call
     * ("thought", "action", "choice" (scoring the allowed names: it reads the context and each name, writes
     * nothing), "answer") that read {@code promptTokens} and wrote {@code completionTokens}.
     */
    public record Call(int step, String kind, int promptTokens, int completionTokens) {}

    /**
     * One run: the trace (its candidate's text is the answer after {@code A:}, what the grader reads), the
     * token counts, the Thought/Action steps taken, tool calls made, malformed or unknown actions, why the
     * loop ended ("finish", "max steps", "context"), the transcript after the few-shot example, and the
     * model calls in order with their prompt and completion tokens.
     */
    public record Episode(Trace trace, Tokens tokens, int steps, int toolCalls, int malformed, String stop, String transcript,
                          List<Call> calls) {
        /** Prompt tokens summed over the calls: what an API would bill as input. */
        public int promptTokens() {
            return calls.stream().mapToInt(Call::promptTokens).sum();
        }

        /** Completion tokens summed over the calls: every token the model generated. */
        public int completionTokens() {
            return calls.stream().mapToInt(Call::completionTokens).sum();
        }
    }

    @Override
    public Trace solve(String prompt, RandomGenerator rng) {
        return run(prompt, rng).trace();
    }

    public Episode run(String prompt, RandomGenerator rng) {
        long t0 = System.nanoTime();
        Tokenizer tok = completer.model().tokenizer().orElseThrow(() -> new IllegalStateException("the model has no tokenizer"));
        int contextLength = completer.model().contextLength();
        StringBuilder context = new StringBuilder(fewShot).append(SelfRefine.stem(prompt));
        int start = fewShot.length();
        int promptTokens = count(tok, context.toString());
        int reasoning = 0, calls = 0, results = 0, answers = 0, scaffold = 0, generated = 0, toolCalls = 0, malformed = 0, steps = 0;
        List<Trace.Segment> segments = new ArrayList<>();
        List<Call> modelCalls = new ArrayList<>();
        String stop = "max steps";
        String question = SelfRefine.stem(prompt);
        // a step needs two lines and an observation; the restated question and the answer keep their room
        int stepRoom = 3 * lineTokens, answerRoom = stepRoom + count(tok, question) + completer.maxNewTokens();
        while (steps < maxSteps) {
            if (contextLength - count(tok, context.toString()) < stepRoom
                    || contextLength - count(tok, context.substring(start)) < answerRoom) {
                stop = "context";
                break;
            }
            steps++;
            scaffold += count(tok, "Thought:");
            int read = count(tok, context.append("Thought:").toString());
            Trace.Candidate t = line(context, rng);
            modelCalls.add(new Call(steps, "thought", read, t.generatedTokens()));
            String thought = t.text();
            generated += t.generatedTokens();
            reasoning += count(tok, thought + "\n");
            segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, "Thought:" + thought));
            scaffold += count(tok, "Action:");
            context.append("Action:");
            String act = toolChoice == ToolChoice.FREE ? ""
                    : choose(tok, context.toString(), toolChoice == ToolChoice.CONSTRAINED || steps > 1, rng, steps, modelCalls);
            context.append(act);
            if (act.equals(" " + FINISH)) {
                context.append('\n'); // a chosen finish ends the line: nothing for the model to add
            } else {
                read = count(tok, context.toString());
                Trace.Candidate rest = line(context, rng);
                modelCalls.add(new Call(steps, "action", read, rest.generatedTokens()));
                act += rest.text();
                generated += rest.generatedTokens();
            }
            Action a = Action.parse(act);
            if (a != null && a.tool().equals(FINISH)) {
                answers += count(tok, act + "\n");
                segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, "Action:" + act));
                stop = "finish";
                break;
            }
            calls += count(tok, act + "\n");
            String observation;
            if (a == null || !tools.containsKey(a.tool())) {
                malformed++;
                observation = a == null ? "malformed; write tool[input]" : "unknown tool " + a.tool() + "; tools: " + String.join(" ", toolNames());
                segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, "Action:" + act));
            } else {
                toolCalls++;
                observation = observation(tools.get(a.tool()).call(prompt, a.input()).toolText());
                segments.add(new Trace.Segment(Trace.Segment.Kind.TOOL_CALL, a.tool() + "[" + a.input() + "]"));
                segments.add(new Trace.Segment(Trace.Segment.Kind.TOOL_RESULT, observation));
            }
            String injected = "Observation: " + observation + "\n";
            results += count(tok, injected);
            context.append(injected);
        }
        if (!stop.equals("finish")) {
            scaffold += count(tok, "Action: finish\n");
            context.append("Action: finish\n");
        }
        scaffold += count(tok, question + "A:");
        context.append(question).append("A:");
        String answer = "";
        // the answer is written from the transcript alone: the example has done its job, and the context is short
        String answerPrompt = context.substring(start);
        int answerRead = count(tok, answerPrompt), room = contextLength - answerRead;
        if (room >= 1) {
            Completer answerer = room >= completer.maxNewTokens() ? completer
                    : new Completer(completer.model(), completer.decoder(), room, completer.stops(), null, completer.parser());
            Trace.Candidate c = answerer.complete(answerPrompt, 1, rng).candidates().get(0);
            modelCalls.add(new Call(steps, "answer", answerRead, c.generatedTokens()));
            answer = c.text();
            generated += c.generatedTokens();
            answers += count(tok, answer);
            context.append(answer);
            segments.add(new Trace.Segment(Trace.Segment.Kind.MODEL, "A:" + answer));
        }
        Tokens tokens = new Tokens(promptTokens, reasoning, calls, results, answers, scaffold);
        String parsed = completer.parser().apply(answer);
        Trace.Candidate c = new Trace.Candidate(0, answer, List.copyOf(segments), parsed == null ? "" : parsed, Double.NaN, generated, 0);
        Trace trace = new Trace(name, prompt, List.of(c), "react: " + stop + " after " + steps + " steps, " + toolCalls + " tool calls",
                c.answer(), 0, promptTokens, generated, results, Duration.ofNanos(System.nanoTime() - t0));
        return new Episode(trace, tokens, steps, toolCalls, malformed, stop, context.substring(start), List.copyOf(modelCalls));
    }

    /** The model's completion of the current line, appended to the context with its newline. */
    private Trace.Candidate line(StringBuilder context, RandomGenerator rng) {
        Completer one = new Completer(completer.model(), completer.decoder(), lineTokens, List.of("\n"), null, t -> t);
        Trace.Candidate c = one.complete(context.toString(), 1, rng).candidates().get(0);
        context.append(c.text()).append('\n');
        return c;
    }

    /**
     * An allowed action, {@code " name"}, drawn from the model's distribution restricted to the allowed
     * names, {@code p(a) ∝ p(" a" | context)}: each is scored by the sum of its tokens' log-probabilities on
     * a fork of one prefilled session. A chosen tool gets its bracket, {@code " name["}, after the draw (scoring
     * the bracket too would tax every tool against {@code finish}), so the model goes on with the input. The
     * scoring pass is recorded in {@code calls} (none when there is only one name to choose).
     */
    private String choose(Tokenizer tok, String context, boolean mayFinish, RandomGenerator rng, int step, List<Call> calls) {
        List<String> options = new ArrayList<>();
        for (String n : tools.keySet().stream().sorted().toList()) options.add(" " + n);
        if (mayFinish) options.add(" " + FINISH);
        if (options.size() > 1) {
            calls.add(new Call(step, "choice", count(tok, context) + options.stream().mapToInt(o -> count(tok, o)).sum(), 0));
        }
        String chosen = options.get(options.size() == 1 ? 0 : Categorical.sample(weights(tok, context, options), rng));
        return chosen.equals(" " + FINISH) ? chosen : chosen + "[";
    }

    /** exp(log p(option | context) − max): each option's probability, up to one common factor. */
    private double[] weights(Tokenizer tok, String context, List<String> options) {
        double[] logP = new double[options.size()];
        try (Session root = completer.model().newSession()) {
            float[] last = root.appendLast(tok.encode(context));
            for (int i = 0; i < options.size(); i++) {
                float[] logits = last;
                try (Session s = root.fork()) {
                    for (int t : tok.encode(options.get(i))) {
                        logP[i] += Softmax.logSoftmax(logits, t);
                        logits = s.append(t)[0];
                    }
                }
            }
        }
        double max = java.util.Arrays.stream(logP).max().orElseThrow();
        return java.util.Arrays.stream(logP).map(l -> Math.exp(l - max)).toArray();
    }

    private List<String> toolNames() {
        List<String> names = new ArrayList<>(tools.keySet().stream().sorted().toList());
        names.add(FINISH);
        return names;
    }

    /** An observation on one line, cut to {@link #MAX_OBSERVATION_CHARS}. */
    static String observation(String text) {
        String s = text.replace('\n', ' ').strip();
        return s.length() <= MAX_OBSERVATION_CHARS ? s : s.substring(0, MAX_OBSERVATION_CHARS) + "...";
    }

    private static int count(Tokenizer tok, String text) {
        return tok.encode(text).length;
    }

    /**
     * Every agent on every item (item j with {@code new SplittableRandom(seed + j)}), graded by the task on
     * the finish argument. One row per agent: accuracy with its 95% interval ({@link Interval#ofMean}), how often it finished, malformed actions, tool calls
     * and tokens per item by category, prompt and completion tokens per item over all model calls, seconds
     * per item.
     */
    public static Table evaluate(List<ReAct> agents, Task task, List<Item> items, long seed) {
        List<AgentRow> rows = new ArrayList<>();
        for (ReAct a : agents) {
            double fin = 0, mal = 0, tc = 0, r = 0, c = 0, o = 0, ans = 0, in = 0, out = 0, s = 0;
            double[] scores = new double[items.size()];
            List<Episode> episodes = WorkerPool.map(items.size(), j -> a.run(items.get(j).prompt(), new SplittableRandom(seed + j)));
            for (int j = 0; j < items.size(); j++) {
                Episode e = episodes.get(j);
                scores[j] = task.score(items.get(j), e.trace().candidates().get(0).text());
                fin += e.stop().equals("finish") ? 1 : 0;
                mal += e.malformed();
                tc += e.toolCalls();
                r += e.tokens().reasoning();
                c += e.tokens().toolCalls();
                o += e.tokens().toolResults();
                ans += e.tokens().answers();
                in += e.promptTokens();
                out += e.completionTokens();
                s += e.trace().wall().toNanos() / 1e9;
            }
            int k = items.size();
            Interval accuracy = Interval.ofMean(scores, new SplittableRandom(seed));
            rows.add(new AgentRow(a.name(), k, accuracy.estimate(), accuracy.toString(), fin / k, mal / k, tc / k, r / k, c / k, o / k, ans / k, in / k, out / k, s / k));
        }
        return Tables.of(task.name() + ": ReAct agents", AgentRow.class, rows);
    }

    /**
     * An {@link #evaluate} table in the columns of the course's token-usage table (its HW2, section 4: accuracy,
     * then tokens per question for thinking, queries, snippets and final answers), with the prompt and
     * completion tokens an API would bill. Our search returns one sentence without a title, so the course's
     * two snippet columns (titles, contents) are one here.
     */
    public static Table courseTokenTable(Table evaluated) {
        Table t = evaluated.selectColumns("agent", "accuracy", "reasoning tok", "tool-call tok", "tool-result tok", "answer tok",
                "prompt tok", "completion tok").copy(); // a copy: renaming must not touch the caller's table
        List<String> names = List.of("variant", "acc.", "thinking", "queries", "snippets", "final answers", "prompt", "completion");
        for (int i = 0; i < names.size(); i++) t.column(i).setName(names.get(i));
        return t.setName(evaluated.name() + ": tokens per question");
    }

    /** The model calls of one run, one row each (step, kind, prompt and completion tokens), then their total. */
    public static Table usageTable(Episode e) {
        List<UsageRow> rows = new ArrayList<>();
        for (Call c : e.calls()) rows.add(new UsageRow(c.step(), c.kind(), c.promptTokens(), c.completionTokens()));
        rows.add(new UsageRow(null, "total", e.promptTokens(), e.completionTokens()));
        return Tables.of("token usage per model call", UsageRow.class, rows);
    }

    private record UsageRow(Integer step, String call, @Tables.Name("prompt tokens") int prompt,
            @Tables.Name("completion tokens") int completion) {}

    private record AgentRow(String agent, int items, double accuracy, @Tables.Name("95% interval") String interval,
            double finished,
            @Tables.Name("malformed/item") double malformed, @Tables.Name("tool calls/item") double toolCalls,
            @Tables.Name("reasoning tok") double reasoning, @Tables.Name("tool-call tok") double callTokens,
            @Tables.Name("tool-result tok") double resultTokens, @Tables.Name("answer tok") double answerTokens,
            @Tables.Name("prompt tok") double promptTokens, @Tables.Name("completion tok") double completionTokens,
            @Tables.Name("seconds/item") double seconds) {}

    /** Tokens per item by category, stacked, one bar per agent of an {@link #evaluate} table. */
    public static CategoryChart tokenChart(Table summary) {
        CategoryChart chart = Charts.bar(summary.name() + ": tokens per item", "agent", "tokens per item");
        chart.getStyler().setStacked(true);
        List<String> agents = summary.stringColumn("agent").asList();
        for (String col : List.of("reasoning tok", "tool-call tok", "tool-result tok", "answer tok")) {
            chart.addSeries(col.replace(" tok", ""), agents, summary.doubleColumn(col).asList());
        }
        return chart;
    }
}
