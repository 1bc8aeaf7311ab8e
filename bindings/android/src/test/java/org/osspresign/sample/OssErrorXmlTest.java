package org.osspresign.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class OssErrorXmlTest {
    // The shape of OSS's error documents (see the OSS API reference, "Error responses").
    private static final String BODY = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n"
            + "  <Code>NoSuchKey</Code>\n  <Message>The specified key does not exist.</Message>\n"
            + "  <RequestId>5C3D9175B6FC201293AD****</RequestId>\n"
            + "  <Key>a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; &#x1F680;&#20013;</Key>\n</Error>\n";

    @Test
    void readsElementsAndDecodesEntities() {
        assertEquals("NoSuchKey", OssErrorXml.element(BODY, "Code"));
        assertEquals("The specified key does not exist.", OssErrorXml.element(BODY, "Message"));
        assertEquals("a <b> & \"c\" 'd' \ud83d\ude80\u4e2d", OssErrorXml.element(BODY, "Key"));
        assertNull(OssErrorXml.element(BODY, "HostId"));
        assertNull(OssErrorXml.element("", "Code"));
        assertNull(OssErrorXml.element("<Code>unterminated", "Code"));
        assertEquals("&bogus; &#xZZ; & end", OssErrorXml.element("<Code>&bogus; &#xZZ; & end</Code>", "Code"));
    }
}
