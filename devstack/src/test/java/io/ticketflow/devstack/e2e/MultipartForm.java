package io.ticketflow.devstack.e2e;

import io.ticketflow.devstack.e2e.GatewayClient.Answer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Form posts the way the seeds' clients send them: {@code requests.post(url, data=values, files=files)} is a
 * multipart body with one plain part per field and a part per file (filename, no content type), and
 * {@code requests.post(url, data=values)} a form-urlencoded body.
 */
final class MultipartForm {

    private record FilePart(String name, String filename, String contentType, byte[] content) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final List<FilePart> files = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    MultipartForm field(String name, String value) {
        fields.put(name, value);
        return this;
    }

    MultipartForm file(String name, String filename, byte[] content) {
        return file(name, filename, null, content);
    }

    MultipartForm file(String name, String filename, String contentType, byte[] content) {
        files.add(new FilePart(name, filename, contentType, content));
        return this;
    }

    MultipartForm header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** {@code requests.post(url, data=values, files=files)}. */
    Answer postMultipart(String url) {
        String boundary = UUID.randomUUID().toString().replace("-", "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n");
            write(body, field.getValue());
            write(body, "\r\n");
        }
        for (FilePart file : files) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file.name()
                    + "\"; filename=\"" + file.filename() + "\"\r\n");
            if (file.contentType() != null) {
                write(body, "Content-Type: " + file.contentType() + "\r\n");
            }
            write(body, "\r\n");
            body.writeBytes(file.content());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return send(url, "multipart/form-data; boundary=" + boundary, body.toByteArray());
    }

    /** {@code requests.post(url, data=values)}. */
    Answer postUrlEncoded(String url) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!body.isEmpty()) {
                body.append('&');
            }
            body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return send(url, "application/x-www-form-urlencoded", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private Answer send(String url, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return GatewayClient.exchange(http, request.build());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
