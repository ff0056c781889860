package inferlab.serve.sim;

import java.util.PriorityQueue;

/**
 * The clock of a discrete-event simulation: actions run in time order, ties in the order they were scheduled,
 * and the clock jumps from one event to the next.
 */
final class EventQueue {
    private record Event(double time, long seq, Runnable action) {}

    private final PriorityQueue<Event> events = new PriorityQueue<>(
            (x, y) -> x.time != y.time ? Double.compare(x.time, y.time) : Long.compare(x.seq, y.seq));
    private long seq;
    private double now;

    double now() {
        return now;
    }

    void at(double time, Runnable action) {
        events.add(new Event(Math.max(time, now), seq++, action));
    }

    /** Runs every event; {@code afterEach} sees the state once each event is done. */
    void run(Runnable afterEach) {
        while (!events.isEmpty()) {
            Event e = events.poll();
            now = e.time;
            e.action.run();
            afterEach.run();
        }
    }
}
