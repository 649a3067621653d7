package dev.oubli.tenancy;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;

/**
 * Every service's connection pool keeps its prepared statements, whatever their length, so that PostgreSQL parses
 * and plans each statement once per connection instead of once per execution (ADR 0016). The Vert.x client caches
 * none by default, and with caching on still skips statements over 2,048 characters — the pre-contact check and the
 * knowledge search among them.
 */
@Singleton
public class PreparedStatementPool implements PgPoolCreator {

    static final int SQL_LIMIT = 64 * 1024;

    @Override
    public Pool create(Input input) {
        List<SqlConnectOptions> servers = new ArrayList<>();
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            servers.add(options.setCachePreparedStatements(true).setPreparedStatementCacheSqlLimit(SQL_LIMIT));
        }
        return PgBuilder.pool().with(input.poolOptions()).connectingTo(servers).using(input.vertx()).build();
    }
}
