package io.github.agentfeedback.spring.autoconfigure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/** SQLite databases in files, and what they hold, for the tests of the JDBC parts. */
final class SqliteDatabases {

  private SqliteDatabases() {}

  /** A data source on a SQLite database in {@code file}, made when first used. */
  static SQLiteDataSource sqlite(Path file) {
    SQLiteDataSource dataSource = new SQLiteDataSource();
    dataSource.setUrl("jdbc:sqlite:" + file);
    return dataSource;
  }

  /** The tables in a SQLite database, SQLite's own left out. */
  static List<String> tables(DataSource dataSource) {
    return query(
        dataSource,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  }

  /** The first column of every row a query returns, as text. */
  static List<String> query(DataSource dataSource, String sql) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
