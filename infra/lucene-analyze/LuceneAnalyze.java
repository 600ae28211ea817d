// Cầu's Lucene analysis checker: builds one analyzer from the `analysis` section of Elasticsearch
// index settings with Lucene's own classes (the library that does Elasticsearch's text analysis) and
// prints the terms it gives for each input line, so a test can compare them with Cầu's TypeScript
// analyzers without a cluster. See README.md beside this file.
//
//   java -cp <lucene-core.jar>:<lucene-analyzers-common.jar>:<classes> LuceneAnalyze <settings.json> <analyzer>
//     stdin:  UTF-8 text, one input per line ('\n'; a '\r' is part of the line)
//     stdout: one JSON array of terms per input line
//     exit:   0 done; 2 usage, unreadable settings or a setting this checker does not support
//
// Every component setting is either applied the way Elasticsearch applies it or refused: a checker
// that silently ignored a setting would report agreement for settings a cluster reads differently.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceFilter;
import org.apache.lucene.analysis.pattern.PatternTokenizer;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

public final class LuceneAnalyze {
  /** A settings file this checker cannot run faithfully: reported, exit 2. */
  static final class SettingsError extends Exception {
    private static final long serialVersionUID = 1L;

    SettingsError(String message) {
      super(message);
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: LuceneAnalyze <settings.json> <analyzer-name> < lines.txt");
      System.exit(2);
    }
    Analyzer analyzer;
    try {
      String text;
      try {
        text = Files.readString(Paths.get(args[0]), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new SettingsError("cannot read: " + e);
      }
      analyzer = build(analysisSection(Json.parse(text)), args[1]);
    } catch (SettingsError e) {
      System.err.println("lucene-analyze: " + args[0] + ": " + e.getMessage());
      System.exit(2);
      return;
    }
    String input;
    try {
      input = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(System.in.readAllBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      System.err.println("lucene-analyze: standard input is not UTF-8: " + e);
      System.exit(2);
      return;
    }
    List<String> lines = new ArrayList<>(List.of(input.split("\n", -1)));
    if (input.endsWith("\n") || input.isEmpty()) lines.remove(lines.size() - 1);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, false, StandardCharsets.UTF_8);
    for (String line : lines) {
      StringBuilder row = new StringBuilder("[");
      try (TokenStream ts = analyzer.tokenStream("f", line)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        ts.reset();
        while (ts.incrementToken()) {
          if (row.length() > 1) row.append(',');
          Json.quote(term.toString(), row);
        }
        ts.end();
      }
      out.append(row).append("]\n");
    }
    out.flush();
    System.out.write(buffer.toByteArray());
    System.out.flush();
  }

  // ------------------------------------------------------------------------------------------
  // Settings

  /** {"analysis":…}, {"settings":{"analysis":…}}, {"settings":{"index":{"analysis":…}}}, or an index template. */
  static Map<String, Object> analysisSection(Object root) throws SettingsError {
    Map<String, Object> r = map(root, "the settings file");
    if (r.containsKey("template")) r = map(r.get("template"), "\"template\"");
    if (r.containsKey("analysis")) return map(r.get("analysis"), "\"analysis\"");
    if (r.containsKey("settings")) {
      Map<String, Object> s = map(r.get("settings"), "\"settings\"");
      if (s.containsKey("analysis")) return map(s.get("analysis"), "\"settings.analysis\"");
      if (s.containsKey("index")) {
        Map<String, Object> i = map(s.get("index"), "\"settings.index\"");
        if (i.containsKey("analysis")) return map(i.get("analysis"), "\"settings.index.analysis\"");
      }
    }
    throw new SettingsError(
        "no analysis section (expected {\"analysis\":…}, {\"settings\":{\"analysis\":…}} or"
            + " {\"settings\":{\"index\":{\"analysis\":…}}})");
  }

  /** The named analyzer of the section, built from Lucene components. */
  static Analyzer build(Map<String, Object> analysis, String name) throws SettingsError {
    Map<String, Object> analyzers = section(analysis, "analyzer");
    if (!analyzers.containsKey(name)) {
      throw new SettingsError("no analyzer \"" + name + "\" (defined: " + analyzers.keySet() + ")");
    }
    Component def = new Component("analyzer", name, map(analyzers.get(name), "analyzer \"" + name + "\""));
    String type = def.string("type", "custom");
    if (!type.equals("custom")) {
      throw new SettingsError("analyzer \"" + name + "\": only custom analyzers are supported, not \"" + type + "\"");
    }
    List<Function<Reader, Reader>> charFilters = new ArrayList<>();
    for (String cf : def.names("char_filter")) charFilters.add(charFilter(analysis, cf));
    Supplier<Tokenizer> tokenizer = tokenizer(analysis, def.required("tokenizer"));
    List<Function<TokenStream, TokenStream>> filters = new ArrayList<>();
    for (String f : def.names("filter")) filters.add(filter(analysis, f));
    def.only("type", "char_filter", "tokenizer", "filter");
    return new Chain(charFilters, tokenizer, filters);
  }

  /** char filters → tokenizer → token filters, as Elasticsearch's custom analyzer chains them. */
  static final class Chain extends Analyzer {
    final List<Function<Reader, Reader>> charFilters;
    final Supplier<Tokenizer> tokenizer;
    final List<Function<TokenStream, TokenStream>> filters;

    Chain(List<Function<Reader, Reader>> charFilters, Supplier<Tokenizer> tokenizer, List<Function<TokenStream, TokenStream>> filters) {
      this.charFilters = charFilters;
      this.tokenizer = tokenizer;
      this.filters = filters;
    }

    @Override
    protected Reader initReader(String field, Reader reader) {
      for (Function<Reader, Reader> f : charFilters) reader = f.apply(reader);
      return reader;
    }

    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer source = tokenizer.get();
      TokenStream stream = source;
      for (Function<TokenStream, TokenStream> f : filters) stream = f.apply(stream);
      return new TokenStreamComponents(source, stream);
    }
  }

  static Function<Reader, Reader> charFilter(Map<String, Object> analysis, String name) throws SettingsError {
    Component d = component(analysis, "char_filter", name);
    switch (d.type) {
      case "mapping": {
        NormalizeCharMap.Builder rules = new NormalizeCharMap.Builder();
        for (String rule : d.strings("mappings")) {
          String[] lr = mappingRule(rule, d);
          rules.add(lr[0], lr[1]);
        }
        d.only("type", "mappings");
        NormalizeCharMap map = rules.build();
        return r -> new MappingCharFilter(map, r);
      }
      case "pattern_replace": {
        Pattern p = d.pattern("pattern");
        String replacement = d.string("replacement", "");
        d.only("type", "pattern", "replacement");
        return r -> new PatternReplaceCharFilter(p, replacement, r);
      }
      default:
        throw d.unsupportedType();
    }
  }

  static Supplier<Tokenizer> tokenizer(Map<String, Object> analysis, String name) throws SettingsError {
    Component d = component(analysis, "tokenizer", name);
    switch (d.type) {
      case "pattern": {
        Pattern p = d.pattern("pattern", "\\W+");
        int group = d.integer("group", -1);
        d.only("type", "pattern", "group");
        return () -> new PatternTokenizer(p, group);
      }
      case "standard": {
        int max = d.integer("max_token_length", 255); // Elasticsearch's default
        d.only("type", "max_token_length");
        return () -> {
          StandardTokenizer t = new StandardTokenizer();
          t.setMaxTokenLength(max);
          return t;
        };
      }
      case "whitespace":
        d.only("type");
        return WhitespaceTokenizer::new;
      case "keyword":
        d.only("type");
        return KeywordTokenizer::new;
      default:
        throw d.unsupportedType();
    }
  }

  static Function<TokenStream, TokenStream> filter(Map<String, Object> analysis, String name) throws SettingsError {
    Component d = component(analysis, "filter", name);
    switch (d.type) {
      case "lowercase":
        d.only("type");
        return LowerCaseFilter::new;
      case "asciifolding": {
        boolean keep = d.bool("preserve_original", false);
        d.only("type", "preserve_original");
        return s -> new ASCIIFoldingFilter(s, keep);
      }
      case "porter_stem":
        d.only("type");
        return PorterStemFilter::new;
      case "stemmer": {
        String language = d.string("language", d.string("name", "english"));
        d.only("type", "language", "name");
        switch (language) {
          case "english":
          case "porter":
            return PorterStemFilter::new;
          case "possessive_english":
            return EnglishPossessiveFilter::new;
          default:
            throw new SettingsError(d.what() + ": unsupported stemmer language \"" + language + "\"");
        }
      }
      case "trim":
        d.only("type");
        return TrimFilter::new;
      case "length": {
        int min = d.integer("min", 0);
        int max = d.integer("max", Integer.MAX_VALUE);
        d.only("type", "min", "max");
        return s -> new LengthFilter(s, min, max);
      }
      case "pattern_replace": {
        Pattern p = d.pattern("pattern");
        String replacement = d.string("replacement", "");
        boolean all = d.bool("all", true);
        d.only("type", "pattern", "replacement", "all");
        return s -> new PatternReplaceFilter(s, p, replacement, all);
      }
      case "stop": {
        boolean ignoreCase = d.bool("ignore_case", false);
        Object words = d.def.getOrDefault("stopwords", "_english_");
        CharArraySet set;
        if (words instanceof List) {
          set = new CharArraySet(d.strings("stopwords"), ignoreCase);
        } else if ("_english_".equals(words)) {
          set = ignoreCase ? new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true) : EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
        } else if ("_none_".equals(words)) {
          set = CharArraySet.EMPTY_SET;
        } else {
          throw new SettingsError(d.what() + ": unsupported stopwords " + words);
        }
        // remove_trailing only matters for search-as-you-type suggesters, never for whole text.
        d.only("type", "stopwords", "ignore_case", "remove_trailing");
        CharArraySet stop = set;
        return s -> new StopFilter(s, stop);
      }
      case "keyword_marker": {
        // Elasticsearch's keyword_marker with an inline list: the tokens in it are keywords,
        // which stemmers (porter_stem) leave as they are.
        d.only("type", "keywords", "ignore_case");
        CharArraySet keywords = new CharArraySet(d.strings("keywords"), d.bool("ignore_case", false));
        return s -> new SetKeywordMarkerFilter(s, keywords);
      }
      case "shingle": {
        int min = d.integer("min_shingle_size", ShingleFilter.DEFAULT_MIN_SHINGLE_SIZE);
        int max = d.integer("max_shingle_size", ShingleFilter.DEFAULT_MAX_SHINGLE_SIZE);
        boolean unigrams = d.bool("output_unigrams", true);
        boolean unigramsIfNone = d.bool("output_unigrams_if_no_shingles", false);
        String separator = d.string("token_separator", ShingleFilter.DEFAULT_TOKEN_SEPARATOR);
        String filler = d.string("filler_token", ShingleFilter.DEFAULT_FILLER_TOKEN);
        d.only("type", "min_shingle_size", "max_shingle_size", "output_unigrams",
            "output_unigrams_if_no_shingles", "token_separator", "filler_token");
        if (min < 2 || max < min) throw new SettingsError(d.what() + ": needs 2 <= min_shingle_size <= max_shingle_size");
        return s -> {
          ShingleFilter f = new ShingleFilter(s, min, max);
          f.setOutputUnigrams(unigrams);
          f.setOutputUnigramsIfNoShingles(unigramsIfNone);
          f.setTokenSeparator(separator);
          f.setFillerToken(filler);
          return f;
        };
      }
      default:
        throw d.unsupportedType();
    }
  }

  /** Elasticsearch's mapping rule "lhs => rhs": both sides trimmed, then unescaped (\\uXXXX, \\n…). */
  static String[] mappingRule(String rule, Component d) throws SettingsError {
    Matcher m = Pattern.compile("(.*)\\s*=>\\s*(.*)\\s*$").matcher(rule);
    if (!m.find()) throw new SettingsError(d.what() + ": invalid mapping rule [" + rule + "]");
    String lhs = unescapeRule(m.group(1).trim(), rule, d);
    String rhs = unescapeRule(m.group(2).trim(), rule, d);
    if (lhs.isEmpty()) throw new SettingsError(d.what() + ": mapping rule [" + rule + "] maps nothing");
    return new String[] {lhs, rhs};
  }

  static String unescapeRule(String s, String rule, Component d) throws SettingsError {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (++i >= s.length()) throw new SettingsError(d.what() + ": mapping rule [" + rule + "] ends in a backslash");
      char e = s.charAt(i);
      switch (e) {
        case 'n': b.append('\n'); break;
        case 't': b.append('\t'); break;
        case 'r': b.append('\r'); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'u':
          if (i + 4 >= s.length() || !s.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
            throw new SettingsError(d.what() + ": mapping rule [" + rule + "] has a bad \\u escape");
          }
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
          i += 4;
          break;
        default:
          b.append(e);
      }
    }
    return b.toString();
  }

  // ------------------------------------------------------------------------------------------
  // Components: a named definition of the section, or a built-in used by its type name.

  static final Set<String> BUILT_IN = Set.of("lowercase", "asciifolding", "porter_stem", "trim",
      "standard", "whitespace", "keyword", "pattern");

  static Component component(Map<String, Object> analysis, String kind, String name) throws SettingsError {
    Map<String, Object> defined = section(analysis, kind);
    if (defined.containsKey(name)) return new Component(kind, name, map(defined.get(name), kind + " \"" + name + "\""));
    if (BUILT_IN.contains(name)) return new Component(kind, name, Map.of("type", name));
    throw new SettingsError("no " + kind + " \"" + name + "\" (defined: " + defined.keySet() + ")");
  }

  static Map<String, Object> section(Map<String, Object> analysis, String kind) throws SettingsError {
    return analysis.containsKey(kind) ? map(analysis.get(kind), "\"" + kind + "\"") : Map.of();
  }

  static final class Component {
    final String kind;
    final String name;
    final Map<String, Object> def;
    final String type;

    Component(String kind, String name, Map<String, Object> def) throws SettingsError {
      this.kind = kind;
      this.name = name;
      this.def = def;
      this.type = kind.equals("analyzer") ? "custom" : string("type", null);
      if (type == null) throw new SettingsError(what() + ": no type");
    }

    String what() {
      return kind + " \"" + name + "\"";
    }

    SettingsError unsupportedType() {
      return new SettingsError(what() + ": unsupported " + kind + " type \"" + type + "\"");
    }

    /** Refuses any key this checker would otherwise ignore. */
    void only(String... keys) throws SettingsError {
      List<String> known = List.of(keys);
      for (String k : def.keySet()) {
        if (!known.contains(k)) throw new SettingsError(what() + ": unsupported setting \"" + k + "\"");
      }
    }

    String required(String key) throws SettingsError {
      String v = string(key, null);
      if (v == null) throw new SettingsError(what() + ": \"" + key + "\" is missing");
      return v;
    }

    String string(String key, String fallback) throws SettingsError {
      Object v = def.get(key);
      if (v == null) return fallback;
      if (v instanceof String) return (String) v;
      throw new SettingsError(what() + ": \"" + key + "\" must be a string");
    }

    int integer(String key, int fallback) throws SettingsError {
      Object v = def.get(key);
      if (v == null) return fallback;
      try {
        if (v instanceof Json.Number) return Integer.parseInt(((Json.Number) v).text);
        if (v instanceof String) return Integer.parseInt((String) v);
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new SettingsError(what() + ": \"" + key + "\" must be an integer");
    }

    boolean bool(String key, boolean fallback) throws SettingsError {
      Object v = def.get(key);
      if (v == null) return fallback;
      if (v instanceof Boolean) return (Boolean) v;
      if ("true".equals(v)) return true;
      if ("false".equals(v)) return false;
      throw new SettingsError(what() + ": \"" + key + "\" must be true or false");
    }

    Pattern pattern(String key) throws SettingsError {
      String p = string(key, null);
      if (p == null) throw new SettingsError(what() + ": \"" + key + "\" is missing");
      return pattern(key, p);
    }

    Pattern pattern(String key, String fallback) throws SettingsError {
      String p = string(key, fallback);
      try {
        return Pattern.compile(p);
      } catch (PatternSyntaxException e) {
        throw new SettingsError(what() + ": \"" + key + "\" is not a Java regular expression: " + e.getDescription());
      }
    }

    /** A list of names; Elasticsearch also accepts one name as a plain string. */
    List<String> names(String key) throws SettingsError {
      Object v = def.get(key);
      if (v == null) return List.of();
      if (v instanceof String) return List.of((String) v);
      return strings(key);
    }

    List<String> strings(String key) throws SettingsError {
      Object v = def.get(key);
      if (!(v instanceof List)) throw new SettingsError(what() + ": \"" + key + "\" must be a list of strings");
      List<String> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        if (!(o instanceof String)) throw new SettingsError(what() + ": \"" + key + "\" must be a list of strings");
        out.add((String) o);
      }
      return out;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o, String what) throws SettingsError {
    if (o instanceof Map) return (Map<String, Object>) o;
    throw new SettingsError(what + " must be an object");
  }

  // ------------------------------------------------------------------------------------------
  // JSON (RFC 8259, strict): the JDK has no parser, and the settings need no more than this.

  static final class Json {
    /** A number, kept as written (settings read it as an int where they need one). */
    static final class Number {
      final String text;

      Number(String text) {
        this.text = text;
      }
    }

    private final String s;
    private int i;

    private Json(String s) {
      this.s = s;
    }

    static Object parse(String text) throws SettingsError {
      Json p = new Json(text.startsWith("\uFEFF") ? text.substring(1) : text);
      Object v = p.value();
      p.space();
      if (p.i != p.s.length()) throw p.error("unexpected text after the JSON value");
      return v;
    }

    private SettingsError error(String message) {
      int line = 1;
      int col = 1;
      for (int k = 0; k < Math.min(i, s.length()); k++) {
        if (s.charAt(k) == '\n') {
          line++;
          col = 1;
        } else col++;
      }
      return new SettingsError("invalid JSON at line " + line + ", column " + col + ": " + message);
    }

    private void space() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++;
    }

    private char peek() throws SettingsError {
      if (i >= s.length()) throw error("unexpected end");
      return s.charAt(i);
    }

    private void expect(char c) throws SettingsError {
      if (peek() != c) throw error("expected '" + c + "'");
      i++;
    }

    private Object value() throws SettingsError {
      space();
      char c = peek();
      switch (c) {
        case '{': {
          i++;
          Map<String, Object> m = new LinkedHashMap<>();
          space();
          if (peek() == '}') {
            i++;
            return m;
          }
          while (true) {
            space();
            if (peek() != '"') throw error("expected a member name");
            String k = string();
            if (m.containsKey(k)) throw error("duplicate member \"" + k + "\"");
            space();
            expect(':');
            m.put(k, value());
            space();
            if (peek() == ',') {
              i++;
              continue;
            }
            expect('}');
            return m;
          }
        }
        case '[': {
          i++;
          List<Object> l = new ArrayList<>();
          space();
          if (peek() == ']') {
            i++;
            return l;
          }
          while (true) {
            l.add(value());
            space();
            if (peek() == ',') {
              i++;
              continue;
            }
            expect(']');
            return l;
          }
        }
        case '"':
          return string();
        default:
          for (String lit : new String[] {"true", "false", "null"}) {
            if (s.startsWith(lit, i)) {
              i += lit.length();
              return lit.equals("null") ? null : Boolean.valueOf(lit);
            }
          }
          Matcher m = NUMBER.matcher(s).region(i, s.length());
          if (!m.lookingAt()) throw error("unexpected character '" + c + "'");
          i = m.end();
          return new Number(m.group());
      }
    }

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private String string() throws SettingsError {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = peek();
        i++;
        if (c == '"') return b.toString();
        if (c < 0x20) throw error("control character in a string");
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = peek();
        i++;
        switch (e) {
          case '"': b.append('"'); break;
          case '\\': b.append('\\'); break;
          case '/': b.append('/'); break;
          case 'b': b.append('\b'); break;
          case 'f': b.append('\f'); break;
          case 'n': b.append('\n'); break;
          case 'r': b.append('\r'); break;
          case 't': b.append('\t'); break;
          case 'u':
            if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) throw error("bad \\u escape");
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
            break;
          default:
            throw error("bad escape \\" + e);
        }
      }
    }

    /** A JSON string literal; terms never need more than these escapes. */
    static void quote(String v, StringBuilder b) {
      b.append('"');
      for (int k = 0; k < v.length(); k++) {
        char c = v.charAt(k);
        if (c == '"' || c == '\\') b.append('\\').append(c);
        else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
        else b.append(c);
      }
      b.append('"');
    }
  }
}
