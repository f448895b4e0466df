package io.ticketflow.gateway.web;

import io.ticketflow.contracts.ErrorCode;
import io.ticketflow.gateway.routing.ServiceProxy;
import io.ticketflow.platform.web.ApiException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads form and multipart bodies from the request the size filter decorated (the exchange's own
 * {@code getFormData/getMultipartData} would read around it). File parts above the codec's in-memory size are
 * spooled to temporary files by the multipart reader, so memory stays bounded; {@link #delete} removes them and
 * must run once the parts are no longer needed.
 */
public final class FormBodies {

    private FormBodies() {
    }

    public static boolean isMultipart(ServerRequest request) {
        return request.headers().contentType().map(MediaType.MULTIPART_FORM_DATA::isCompatibleWith).orElse(false);
    }

    public static boolean isUrlEncoded(ServerRequest request) {
        return request.headers().contentType().map(MediaType.APPLICATION_FORM_URLENCODED::isCompatibleWith)
                .orElse(false);
    }

    public static Mono<MultiValueMap<String, Part>> multipart(ServerRequest request) {
        return request.body(BodyExtractors.toMultipartData()).onErrorMap(FormBodies::unreadable);
    }

    public static Mono<MultiValueMap<String, String>> urlEncoded(ServerRequest request) {
        return request.body(BodyExtractors.toFormData()).onErrorMap(FormBodies::unreadable);
    }

    /** The file parts named {@code name}; a file input left empty (no filename) is not a file. */
    public static List<FilePart> files(MultiValueMap<String, Part> parts, String name) {
        return parts.getOrDefault(name, List.of()).stream()
                .filter(FilePart.class::isInstance).map(FilePart.class::cast)
                .filter(file -> file.filename() != null && !file.filename().isBlank())
                .toList();
    }

    /** A part's content as UTF-8 text, whether it came as a plain field or as a file, up to {@code maxBytes}. */
    public static Mono<String> text(Part part, int maxBytes) {
        return DataBufferUtils.join(part.content(), maxBytes)
                .map(buffer -> {
                    try {
                        return buffer.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(buffer);
                    }
                })
                .defaultIfEmpty("")
                .onErrorMap(FormBodies::unreadable);
    }

    /** Removes the temporary files of every part; never fails. */
    public static Mono<Void> delete(MultiValueMap<String, Part> parts) {
        return Flux.fromIterable(parts.values()).flatMapIterable(list -> list)
                .flatMap(part -> part.delete().onErrorResume(e -> Mono.empty()))
                .then();
    }

    static Throwable unreadable(Throwable error) {
        ApiException api = ServiceProxy.callerError(error);
        if (api != null) {
            return api;
        }
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "A form field is too large: " + t.getMessage());
            }
        }
        return new ApiException(ErrorCode.MALFORMED_REQUEST, "The form could not be read: " + error.getMessage());
    }
}
