package inferlab.serve.sim;

/** A request in flight inside a simulator: how many tokens it has produced, and when things happened to it. */
final class Job {
    final SimRequest request;
    int emitted;
    double started, firstToken;

    Job(SimRequest request) {
        this.request = request;
    }

    boolean finished() {
        return emitted == request.outputTokens();
    }

    SimResult.Timeline timeline(double finished) {
        return new SimResult.Timeline(request, started, firstToken, finished);
    }
}
