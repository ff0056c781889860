package inferlab.study;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Clients that misbehave, for the load test: each runs once against a server on loopback and says what the server
 * did. None may cost an honest client its answer.
 */
public enum Adversary {
    /** Announces a body and sends only its start: the server must time the body out (408) or close. */
    STALLED_BODY,
    /** Streams a long completion and hangs up after the first event: the server must cancel the generation. */
    DISCONNECT_MID_GENERATION,
    /** Sends a prompt longer than the model's context: refused with 400, alone. */
    OVER_LONG_PROMPT;

    /** Runs this misbehaviour against {@code baseUrl}; returns what the server did, e.g. "408" or "hung up". */
    public String attack(String baseUrl, String model) {
        URI u = URI.create(baseUrl);
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            switch (this) {
                case STALLED_BODY -> {
                    out.write(head(500).getBytes(StandardCharsets.UTF_8));
                    out.write("{\"prompt\": \"and then".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    return status(in);
                }
                case DISCONNECT_MID_GENERATION -> {
                    byte[] body = ("{\"model\":\"" + model + "\",\"prompt\":\"The\",\"max_tokens\":200,\"stream\":true}")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write(head(body.length).getBytes(StandardCharsets.UTF_8));
                    out.write(body);
                    out.flush();
                    String first = new String(in.readNBytes(200), StandardCharsets.UTF_8);
                    return first.startsWith("HTTP/1.1 200") && first.contains("data:") ? "hung up mid-stream" : "no stream: " + line(first);
                }
                case OVER_LONG_PROMPT -> {
                    byte[] body = ("{\"model\":\"" + model + "\",\"prompt\":\"" + "the union ".repeat(600) + "\",\"max_tokens\":16}")
                            .getBytes(StandardCharsets.UTF_8);
                    out.write(head(body.length).getBytes(StandardCharsets.UTF_8));
                    out.write(body);
                    out.flush();
                    return status(in);
                }
                default -> throw new IllegalStateException();
            }
        } catch (SocketTimeoutException e) {
            return "no answer";
        } catch (IOException e) {
            return "closed";
        }
    }

    private static String head(int length) {
        return "POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + length + "\r\n\r\n";
    }

    /** The status code of the answer, or "closed" when the server closed without one. */
    private static String status(InputStream in) throws IOException {
        String answer = new String(in.readNBytes(12), StandardCharsets.UTF_8);
        return answer.startsWith("HTTP/1.1 ") ? answer.substring(9, 12) : "closed";
    }

    private static String line(String s) {
        int nl = s.indexOf('\r');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
