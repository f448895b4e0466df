package io.ticketflow.flow.engine.parse;

import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads untrusted XML: no DOCTYPE at all (so no XXE and no entity bombs), no external entities, DTDs or schemas,
 * no XInclude. Refusals come back as a {@link Problem}, never as an exception, and never touch files or the network.
 */
final class SecureXml {

    static final String DOCTYPE_PROBLEM = "DOCTYPE is not allowed";

    private SecureXml() {
    }

    /** Result of a read: a document, or the problem that stopped it. */
    record Read(Document document, Problem problem) {
    }

    static Read read(String xml) {
        try {
            DocumentBuilder builder = builder();
            builder.setErrorHandler(SILENT);
            // second line of defence: should an entity ever be looked up, it resolves to nothing
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            return new Read(builder.parse(new InputSource(new StringReader(xml))), null);
        } catch (SAXException e) {
            if (isDoctypeRefusal(e, xml)) {
                return new Read(null, new Problem(null, DOCTYPE_PROBLEM));
            }
            return new Read(null, new Problem(null, "the document is not well-formed XML: " + describe(e)));
        } catch (IOException e) {
            return new Read(null, new Problem(null, "the document cannot be read: " + e.getMessage()));
        }
    }

    /** A new builder per read: factories and builders are not thread-safe. */
    private static DocumentBuilder builder() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setValidating(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            // refuse to parse at all rather than parse unsafely
            throw new IllegalStateException("the XML parser cannot be hardened", e);
        }
    }

    private static boolean isDoctypeRefusal(SAXException e, String xml) {
        return e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                || xml.toUpperCase(Locale.ROOT).contains("<!DOCTYPE");
    }

    private static String describe(SAXException e) {
        if (e instanceof SAXParseException p && p.getLineNumber() > 0) {
            return e.getMessage() + " (line " + p.getLineNumber() + ", column " + p.getColumnNumber() + ")";
        }
        return e.getMessage();
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };
}
