package io.github.agentfeedback.hooks.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks the collections given to the hooks' builders and records, so that a bad one is
 * reported with an exception naming the setting and the offending element — not the JDK's
 * unnamed {@code NullPointerException} from {@code List.of}, nor a
 * {@code ClassCastException} from a raw collection. Stateless and thread-safe.
 */
public final class Settings {

  private Settings() {}

  /**
   * The elements of {@code values}, each checked to be a non-null {@code type}.
   *
   * @param setting the name used in messages, such as {@code "allowedRatings"}
   * @param values the array given to the builder
   * @param type the element type
   * @return an immutable copy
   * @throws NullPointerException naming the setting if the array or an element is null
   * @throws IllegalArgumentException naming the setting if an element is not a {@code type}
   */
  public static <T> List<T> elements(String setting, Object[] values, Class<T> type) {
    Objects.requireNonNull(values, setting);
    return elements(setting, Arrays.asList(values), type);
  }

  /**
   * The elements of {@code values}, each checked to be a non-null {@code type}.
   *
   * @param setting the name used in messages, such as {@code "allowedRatings"}
   * @param values the collection given to the builder
   * @param type the element type
   * @return an immutable copy, in iteration order
   * @throws NullPointerException naming the setting if the collection or an element is null
   * @throws IllegalArgumentException naming the setting if an element is not a {@code type}
   *     (possible only through raw or unchecked calls)
   */
  public static <T> List<T> elements(String setting, Collection<?> values, Class<T> type) {
    Objects.requireNonNull(values, setting);
    List<T> copy = new ArrayList<>(values.size());
    int index = 0;
    for (Object value : values) {
      copy.add(element(setting + "[" + index + "]", value, type));
      index++;
    }
    return List.copyOf(copy);
  }

  /**
   * Checks that no key or value of {@code map} is null and each has its type.
   *
   * @param setting the name used in messages, such as {@code "sessions"}
   * @param map the map given
   * @param keyType the key type
   * @param valueType the value type
   * @throws NullPointerException naming the setting if the map, a key or a value is null
   * @throws IllegalArgumentException naming the setting if a key or value has another type
   */
  public static void entries(String setting, Map<?, ?> map, Class<?> keyType, Class<?> valueType) {
    Objects.requireNonNull(map, setting);
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object key = element(setting + " key", e.getKey(), keyType);
      element(setting + "[" + key + "]", e.getValue(), valueType);
    }
  }

  private static <T> T element(String name, @Nullable Object value, Class<T> type) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    if (!type.isInstance(value)) {
      throw new IllegalArgumentException(
          name + " must be a " + type.getSimpleName() + ", was a " + value.getClass().getName());
    }
    return type.cast(value);
  }
}
