"""A Keras model with activations given as strings and as functions.

Keras' defaults differ from PyTorch's: LeakyReLU's slope is 0.2 (keras 3 negative_slope, 0.3 in tf.keras 2's
alpha), not 0.01. Hover the strings to see which function each one resolves to.
Run: python3 keras_model.py   (needs tensorflow or keras 3)
"""
from tensorflow import keras
from tensorflow.keras import layers


def build_model(n_features=20):
    return keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="gelu"),
        layers.Dense(32),
        layers.LeakyReLU(),
        layers.Dense(32, activation="swish"),
        layers.Dense(32, activation=keras.activations.elu),
        layers.Dense(1, activation="sigmoid"),  # binary classification: P(malignant)
    ])


def build_classifier(n_features=20, n_classes=10):
    inputs = keras.Input(shape=(n_features,))
    h = layers.Dense(128, activation="tanh")(inputs)
    h = layers.Activation("softplus")(h)
    outputs = layers.Dense(n_classes, activation="softmax")(h)
    return keras.Model(inputs, outputs)


if __name__ == "__main__":
    model = build_model()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.summary()
    build_classifier().summary()
