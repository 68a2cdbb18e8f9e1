package dev.nificrm.record;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordPathListTest {

    @Test
    void splitsOnTopLevelCommasOnly() {
        assertEquals(List.of("/Phone", "/MobilePhone"), RecordPathList.split(" /Phone, /MobilePhone ,"));
        assertEquals(List.of("substringBefore(/Name, ',')", "/a[0]"), RecordPathList.split("substringBefore(/Name, ','), /a[0]"));
        assertEquals(List.of("/'Phone, Work'", "/x"), RecordPathList.split("/'Phone, Work', /x"));
        assertEquals(List.of("//zip[. != 'a,b']"), RecordPathList.split("//zip[. != 'a,b']"));
        assertEquals(List.of(), RecordPathList.split(" , "));
    }

    @Test
    void compilesEveryPath() {
        assertEquals(2, RecordPathList.compile("/a, /b/c").size());
    }
}
