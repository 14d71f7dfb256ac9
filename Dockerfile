# The host on Boot's extracted layout with a Java 25 AOT cache (README: "The faster start").
# Build the jar first, then the image:
#   ./mvnw -B -DskipTests package && docker build -t xseven-mesh .
FROM eclipse-temurin:25-jre AS build
# The cache records the class path it was made with: it is made where the image runs the jar.
WORKDIR /app
COPY target/xseven-mesh.jar /tmp/xseven-mesh.jar
RUN java -Djarmode=tools -jar /tmp/xseven-mesh.jar extract --destination /app
# The training run refreshes the context and exits before the services start; it needs no
# backend (a host whose database is unreachable still starts, and retries in the background).
RUN java -XX:AOTCacheOutput=/app/app.aot -Dspring.context.exit=onRefresh -jar /app/xseven-mesh.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 mesh && useradd --system --uid 10001 --gid mesh --home-dir /app mesh
WORKDIR /app
COPY --from=build --chown=10001:10001 /app/ /app/
COPY --chown=10001:10001 config/ /app/config/
USER 10001:10001
EXPOSE 8000 8001
ENV SERVER_PORT=8000 MESH_PROBE_PORT=8001
ENTRYPOINT ["java", "-XX:AOTCache=/app/app.aot", "-Xmx512m", "-jar", "/app/xseven-mesh.jar"]
