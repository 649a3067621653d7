package dev.oubli.web.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** API answers as plain maps and lists, which templates read as {@code {request.status}}. */
final class Json {

    private Json() {
    }

    static Object plain(Object value) {
        if (value instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
            return map;
        }
        if (value instanceof JsonArray array) {
            List<Object> list = new ArrayList<>();
            array.forEach(item -> list.add(plain(item)));
            return list;
        }
        return value;
    }
}
