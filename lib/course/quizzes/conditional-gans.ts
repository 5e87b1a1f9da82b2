import type { QuizQuestion } from "../quiz";

export const conditionalGansQuiz: QuizQuestion[] = [
  {
    id: "value-function",
    kind: "choice",
    prompt: "Which expression is the conditional GAN's value function V(D, G), maximised by D and minimised by G?",
    choices: [
      "E_(x,y)[log D(x, y)] + E_(z,y)[log(1 − D(G(z, y)))]",
      "E_x[log D(x)] + E_(z,y)[log(1 − D(G(z, y)))] + E_(x,y)[log p(y | x)]",
      "E_(x,y)[log D(x, y)] + E_z[log(1 − D(G(z), y))]",
      "E_(x,y)[log D(x, y)] + E_(z,y)[log(1 − D(G(z, y), y))]",
    ],
    answer: 3,
    explanation:
      "Both players get the label: the generator draws G(z, y) for a label y ∼ p(y), and the discriminator judges the pair (G(z, y), y) against real pairs (x, y). Dropping y from D lets a wrong-class image pass; dropping it from G leaves nothing to condition on.",
  },
  {
    id: "optimal-discriminator-pair",
    kind: "numeric",
    prompt:
      "Ten digit classes are equally frequent and a 7 in the data is never ambiguous. A conditional generator ignores its label: whatever it is asked for, it draws digits from the data's own distribution p_data(x). For a clear 7 shown with the label 7, what does the optimal discriminator D*(x, y) = p_data(x, y) / (p_data(x, y) + p_g(x, y)) output? Give three decimals.",
    answer: 0.909,
    tolerance: 0.002,
    explanation:
      "p_data(x, 7) = 0.1 · p(x | 7). The generator is asked for 7 a tenth of the time and then draws a 7 a tenth of the time, so p_g(x, 7) = 0.1 · 0.1 · p(x | 7). D* = 0.1 / (0.1 + 0.01) = 10/11 ≈ 0.909. The same image with the label 3 gets D* = 0, since real pairs never show it: the discriminator checks the pairing, and this generator is caught on nine requests out of ten.",
  },
  {
    id: "within-class-collapse",
    kind: "choice",
    prompt:
      "Your conditional GAN's sample grid (one row per noise vector, one column per label) shows the requested digit in every column, but every row of a column shows the same image. What is happening, and which score exposes it?",
    choices: [
      "Collapse across classes; conditional accuracy exposes it",
      "Collapse within each class; intra-class FID exposes it while conditional accuracy stays high",
      "The discriminator overfits; its loss exposes it",
      "The game has reached p_g(x | y) = p_data(x | y), so every score is at its best",
    ],
    answer: 1,
    explanation:
      "Conditioning forces the generator to produce each class it is asked for, but not to vary within a class: here G ignores z. Every image is the right digit, so conditional accuracy is high; intra-class FID compares each digit's feature statistics, covariance included, with real digits of that class, and a single image per class has almost none of their spread.",
  },
  {
    id: "projection",
    kind: "choice",
    prompt: "How does a projection discriminator (Miyato and Koyama, 2018) use the label y?",
    choices: [
      "It appends the one-hot label to the image as extra input channels",
      "It predicts the label from the image with a second output and adds a classification loss",
      "It adds the inner product of a learnt class embedding v_y with the image features φ(x) to an unconditional score ψ(φ(x))",
      "It trains a separate discriminator for each class",
    ],
    answer: 2,
    explanation:
      "The optimal logit splits into log p_data(y | x)/p_g(y | x) + log p_data(x)/p_g(x). If the class posteriors are softmax functions of shared features, the first term is v_yᵀφ(x) up to a part that does not depend on y, which the unconditional score ψ absorbs. The second choice describes AC-GAN, the first plain concatenation.",
  },
  {
    id: "ac-gan",
    kind: "choice",
    prompt: "AC-GAN's discriminator is not given the label. How does the label still shape training?",
    choices: [
      "D also predicts each image's class, and G is rewarded when its image is classified as the class it was asked for",
      "The label is added to D's output logit as a learnt bias per class",
      "Real images are only compared with generated images of the same class in each minibatch",
      "The label only chooses which of ten separate generators draws the image",
    ],
    answer: 0,
    explanation:
      "D has two outputs: real or fake (L_S) and a class distribution (L_C). D maximises L_S + L_C; G maximises L_C − L_S. Because G gains by being easy to classify, AC-GAN tends to favour clear-cut samples away from class boundaries, which can reduce variety within a class.",
  },
  {
    id: "exercise-ranking",
    kind: "choice",
    prompt: "Why does the conditional digit exercise rank submissions by intra-class FID and use conditional accuracy only to break ties?",
    choices: [
      "Conditional accuracy is too slow to compute on the server",
      "Intra-class FID ignores the labels, so it cannot be gamed",
      "Conditional accuracy rewards collapse across classes",
      "Noise labelled with the evaluator's own predictions would score perfect accuracy, whereas intra-class FID also needs realistic variety within each digit",
    ],
    answer: 3,
    explanation:
      "Accuracy only asks whether the evaluator reads each image as its label, which a submission can arrange without drawing digits at all. Intra-class FID uses the labels too — it compares, digit by digit, the feature statistics of your images with those of hidden test digits of that digit — so it needs the right class and the right spread.",
  },
];
