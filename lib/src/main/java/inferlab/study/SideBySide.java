package inferlab.study;

import inferlab.model.Completion;
import inferlab.model.CompletionModel;
import inferlab.model.CompletionRequest;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** One request to two completion models, token by token: the same question asked in-process and of a server. */
public final class SideBySide {
    private SideBySide() {}

    /** Tokens and their log-probabilities from both models; the request must ask for log-probabilities. */
    public static Table compare(CompletionModel a, CompletionModel b, CompletionRequest request) {
        if (request.logprobs() == null) throw new IllegalArgumentException("ask for log-probabilities: request.withLogprobs(k, echo)");
        Completion.Choice ca = a.complete(request).choices().get(0);
        Completion.Choice cb = b.complete(request).choices().get(0);
        int n = Math.max(ca.tokens().size(), cb.tokens().size());
        Table t = Table.create(a.name() + " vs " + b.name(),
                StringColumn.create("token (" + a.name() + ")"), DoubleColumn.create("log p (" + a.name() + ")"),
                StringColumn.create("token (" + b.name() + ")"), DoubleColumn.create("log p (" + b.name() + ")"));
        for (int i = 0; i < n; i++) {
            t.stringColumn(0).append(at(ca.tokens(), i));
            t.doubleColumn(1).append(logprob(ca, i));
            t.stringColumn(2).append(at(cb.tokens(), i));
            t.doubleColumn(3).append(logprob(cb, i));
        }
        return t;
    }

    private static String at(List<String> l, int i) {
        return i < l.size() ? l.get(i) : "";
    }

    private static double logprob(Completion.Choice c, int i) {
        return i < c.tokenLogprobs().size() && c.tokenLogprobs().get(i) != null ? c.tokenLogprobs().get(i) : Double.NaN;
    }
}
