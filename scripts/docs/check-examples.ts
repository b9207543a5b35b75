/**
 * npm run docs:check: lists the public exports (of `.` and `./sandbox`, as
 * typedoc sees them through typedoc.json) that lack a doc comment, or whose
 * comment has no `@example`. Exits 1 if any do, so it can gate a release.
 */
import {
  Application,
  type DeclarationReflection,
  type ProjectReflection,
  ReflectionKind,
  TSConfigReader,
  TypeDocReader,
} from "typedoc";

type Gap = { module: string; name: string; kind: string; source: string; problem: "no doc comment" | "no @example" };

/** Functions carry their comment on the signature; everything else on the reflection itself. */
function commentOf(reflection: DeclarationReflection) {
  return reflection.comment ?? reflection.signatures?.find((signature) => signature.comment)?.comment;
}

function gaps(project: ProjectReflection): Gap[] {
  const found: Gap[] = [];
  for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
    for (const exported of module.children ?? []) {
      const comment = commentOf(exported);
      const hasExample = comment?.blockTags.some((tag) => tag.tag === "@example") ?? false;
      if (comment && hasExample) continue;
      found.push({
        module: module.name,
        name: exported.name,
        kind: ReflectionKind.singularString(exported.kind),
        source: exported.sources?.[0] ? `${exported.sources[0].fileName}:${exported.sources[0].line}` : "?",
        problem: comment ? "no @example" : "no doc comment",
      });
    }
  }
  return found;
}

async function main(): Promise<number> {
  // typedoc.json leaves source links out of the site; here sources name each gap's file (git is not needed for that).
  const overrides = {
    disableSources: false,
    disableGit: true,
    sourceLinkTemplate: "{path}#L{line}",
    logLevel: "Error",
  } as const;
  const app = await Application.bootstrapWithPlugins(overrides, [new TypeDocReader(), new TSConfigReader()]);
  const project = await app.convert();
  if (!project) {
    console.error("docs:check: typedoc could not convert the project (see the messages above).");
    return 2;
  }
  const found = gaps(project);
  const total = project
    .getChildrenByKind(ReflectionKind.Module)
    .reduce((sum, module) => sum + (module.children?.length ?? 0), 0);
  for (const gap of found) console.log(`${gap.module}\t${gap.name} (${gap.kind}, ${gap.source}): ${gap.problem}`);
  console.log(`\ndocs:check: ${total - found.length} of ${total} public exports have a doc comment with an @example.`);
  return found.length === 0 ? 0 : 1;
}

process.exitCode = await main();
