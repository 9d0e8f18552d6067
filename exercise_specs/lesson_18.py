"""Lesson 18 · architecture search: a random search that chooses on validation only, and how much
the best of k noisy validation scores flatters the winner."""
import numpy as np

from exercise_specs.spec import Exercise, Mistake, case

VAL = np.array([0.81, 0.93, 0.88, 0.95, 0.70, 0.95, 0.90, 0.86, 0.92, 0.79, 0.95, 0.84])
TEST = np.array([0.80, 0.91, 0.89, 0.92, 0.72, 0.94, 0.93, 0.85, 0.90, 0.78, 0.91, 0.86])


def _search(val_acc, test_acc, k, seed, by="val", replace=False, tie="first", report="test",
            draw="choice"):
    rng = np.random.default_rng(seed)
    if draw == "choice":
        drawn = rng.choice(len(val_acc), size=k, replace=replace)
    else:
        drawn = rng.permutation(len(val_acc))[:k]
    score = val_acc if by == "val" else test_acc
    j = int(np.argmax(score[drawn]))
    if tie == "lowest index":
        best = int(drawn[score[drawn] == score[drawn].max()].min())
    elif tie == "last drawn":
        best = int(drawn[len(drawn) - 1 - int(np.argmax(score[drawn][::-1]))])
    else:
        best = int(drawn[j])
    reported = test_acc if report == "test" else val_acc
    if report == "position":
        return j, float(test_acc[best])
    return best, float(reported[best])


def _optimism(true_acc, n_val, k, n_searches, seed, reduce="max", axis=1, shape="nk", divide=True,
              minus=True):
    rng = np.random.default_rng(seed)
    size = (n_searches, k) if shape == "nk" else (k, n_searches)
    scores = rng.binomial(n_val, true_acc, size=size) / (n_val if divide else 1)
    if reduce == "max":
        best = scores.max(axis=axis)
    elif reduce == "mean":
        best = scores.mean(axis=axis)
    else:
        best = scores.max()
    return float(np.mean(best - (true_acc if minus else 0.0)))


EXERCISES = [
    Exercise(
        name="random_search", lesson="18", kind="fix",
        concept="which scores a search may choose by, and which score can honestly estimate the "
                "chosen model on new data",
        cases=[case(val_acc=VAL, test_acc=TEST, k=4, seed=8),
               case(val_acc=VAL, test_acc=TEST, k=4, seed=0),
               case(val_acc=VAL, test_acc=TEST, k=4, seed=6),
               case(val_acc=VAL, test_acc=TEST, k=12, seed=2),
               case(val_acc=VAL, test_acc=TEST, k=3, seed=7),
               case(val_acc=VAL[:5].copy(), test_acc=TEST[:5].copy(), k=1, seed=3),
               case(hidden=True, val_acc=VAL[::-1].copy(), test_acc=TEST[::-1].copy(), k=5, seed=4),
               case(hidden=True, val_acc=VAL, test_acc=TEST, k=8, seed=11)],
        outputs=("index", "test_accuracy"), pure=True,
        nudges=("Change as little as you can: the draw and what is returned were meant as they "
                "are. Which line decides which configuration is kept, and by which scores?",
                "The symptom was a reported score above what every configuration truly scores. A "
                "score that took part in choosing cannot also be an honest estimate of the chosen "
                "one."),
        bug=Mistake(lambda val_acc, test_acc, k, seed: _search(val_acc, test_acc, k, seed, by="test"),
                    "your search still chooses by the test scores. A score used to pick the best of "
                    "k noisy numbers is the luckiest of them: it flatters the winner (0.967 where "
                    "every configuration is 0.944).",
                    "The test set is there to estimate, once, how the chosen model does on new data; "
                    "the choosing needs scores of its own, from rows set aside for that."),
        mistakes=[
            Mistake(lambda val_acc, test_acc, k, seed: (int(np.argmax(val_acc)),
                                                       float(test_acc[int(np.argmax(val_acc))])),
                    "that is the best of the whole space: a grid search, which trains every "
                    "configuration. A random search only sees the k it draws.",
                    "Keep the draw of the buggy version and choose among the drawn configurations."),
            Mistake(lambda val_acc, test_acc, k, seed: _search(val_acc, test_acc, k, seed,
                                                               report="position"),
                    "that index is a position within your draw; return the configuration's index "
                    "in the whole space.",
                    "argmax over the drawn scores gives a position in drawn; look up which "
                    "configuration sits there."),
            Mistake(lambda val_acc, test_acc, k, seed: _search(val_acc, test_acc, k, seed,
                                                               replace=True),
                    "drawn with replacement, the same configuration can come up twice; the search "
                    "draws k different ones.",
                    "The draw of the buggy version was right: keep it as it is."),
            Mistake(lambda val_acc, test_acc, k, seed: _search(val_acc, test_acc, k, seed,
                                                               report="val"),
                    "you report the validation score, but it chose the winner, so it flatters it "
                    "as much as the test score did: reporting a choosing score is the same mistake "
                    "seen from the other side.",
                    "Choose by one set of scores and report the other: which of the two took no "
                    "part in the choice?"),
            Mistake(lambda val_acc, test_acc, k, seed: _search(val_acc, test_acc, k, seed,
                                                               tie="lowest index"),
                    "on a tie you took the lowest index; the search gives the tie to the one drawn "
                    "first.",
                    "np.argmax returns the first of equal values, in the order they were drawn."),
            Mistake(lambda val_acc, test_acc, k, seed: _search(val_acc, test_acc, k, seed,
                                                               tie="last drawn"),
                    "you choose by the validation scores, but a tie goes to the one drawn last (a "
                    "loop that keeps a candidate on >= does that); the search gives it to the one "
                    "drawn first.",
                    "Replace a later candidate only when it is strictly better, or use np.argmax, "
                    "which returns the first of equal values."),
            Mistake(lambda val_acc, test_acc, k, seed: _search(val_acc, test_acc, k, seed,
                                                               draw="permutation"),
                    "a random draw, but not the buggy version's, so your searches see other "
                    "configurations than the check's.",
                    "The draw was not the mistake: keep rng.choice exactly as the buggy version "
                    "calls it."),
        ]),
    Exercise(
        name="winner_optimism", lesson="18",
        concept="the highest of several noisy validation scores is biased upwards; the bias grows "
                "with the number of candidates",
        cases=[case(true_acc=0.9, n_val=160, k=10, n_searches=1000, seed=0),
               case(true_acc=0.944, n_val=160, k=9, n_searches=500, seed=1),
               case(true_acc=0.5, n_val=20, k=3, n_searches=200, seed=2),
               case(true_acc=0.8, n_val=50, k=1, n_searches=300, seed=3),
               case(hidden=True, true_acc=0.7, n_val=100, k=30, n_searches=100, seed=4)],
        dtype="float",
        nudges=("One row of scores per search, as accuracies: each search keeps the highest of its "
                "row. How far does that lie above true_acc, on average over the rows?",
                "A search is a row of the (n_searches, k) array: its winner is that row's maximum; "
                "the flattery is the winner's accuracy minus true_acc, averaged over the searches."),
        mistakes=[
            Mistake(lambda true_acc, n_val, k, n_searches, seed: _optimism(
                true_acc, n_val, k, n_searches, seed, reduce="mean"),
                    "the average candidate is not flattered: its score is true_acc plus noise that "
                    "averages out. The search keeps the best one.",
                    "Reduce each row to its largest value, not its average; then average those "
                    "n_searches numbers."),
            Mistake(lambda true_acc, n_val, k, n_searches, seed: _optimism(
                true_acc, n_val, k, n_searches, seed, axis=0),
                    "axis 0 runs over the searches: that takes each candidate's best over all "
                    "searches. A search is a row: take the maximum along axis 1.",
                    "Rows are searches and columns are candidates: reduce along the columns, one "
                    "number per row."),
            Mistake(lambda true_acc, n_val, k, n_searches, seed: _optimism(
                true_acc, n_val, k, n_searches, seed, reduce="global"),
                    "that is the single best score of all searches together; each search keeps its "
                    "own best, then average those.",
                    "Keep one best score per search, one per row, and average those n_searches "
                    "numbers."),
            Mistake(lambda true_acc, n_val, k, n_searches, seed: _optimism(
                true_acc, n_val, k, n_searches, seed, divide=False),
                    "rng.binomial gives a count of correct rows; an accuracy divides it by n_val.",
                    "scores = rng.binomial(...) / n_val."),
            Mistake(lambda true_acc, n_val, k, n_searches, seed: _optimism(
                true_acc, n_val, k, n_searches, seed, minus=False),
                    "that is the winner's average validation accuracy; the task asks how far it "
                    "lies above true_acc.",
                    "Subtract true_acc."),
            Mistake(lambda true_acc, n_val, k, n_searches, seed: _optimism(
                true_acc, n_val, k, n_searches, seed, shape="kn", axis=0),
                    "the right idea, but drawn as a (k, n_searches) array, so your numbers differ "
                    "from the check's.",
                    "size=(n_searches, k), then the maximum along axis 1."),
        ]),
]
