# Build with Maven, run on a JRE as a non-root user. Used by docker-compose.yml for the ETL and the simulator.
#   docker build -t topdesk-warehouse .
#   docker run --rm topdesk-warehouse --help
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
# the jar carries the Flyway migrations (sql/ -> db/migration) and the pipeline definitions (pipelines/)
COPY sql sql
COPY pipelines pipelines
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin etl
WORKDIR /app
COPY --from=build /src/target/topdesk-warehouse.jar /app/topdesk-warehouse.jar
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-XX:TieredStopAtLevel=1", "-jar", "/app/topdesk-warehouse.jar"]
CMD ["--help"]
