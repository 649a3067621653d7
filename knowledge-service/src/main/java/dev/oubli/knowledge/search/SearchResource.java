package dev.oubli.knowledge.search;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/search")
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    private final SearchService search;
    private final CallerTenant caller;

    SearchResource(SearchService search, CallerTenant caller) {
        this.search = search;
        this.caller = caller;
    }

    /** {@code q} in web-search syntax: words, "quoted phrases", {@code or}, {@code -excluded}. */
    @GET
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<SearchResults> search(@QueryParam("q") String q, @QueryParam("limit") Integer limit) {
        return search.search(caller.id(), q, limit);
    }
}
