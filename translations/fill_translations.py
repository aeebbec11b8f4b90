#!/usr/bin/env python3
"""Fills translations/*.ts from the tables below after `cmake --build build --target
update_translations` has added new source texts. Korean: natural UI wording as Korean crowd-counting
practitioners use it. English: only the plural forms (%n) need translating."""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

KO = {
    "CrowdKD Studio: label, train, distill and ship crowd counters":
        "CrowdKD Studio: 군중 주석, 학습, 지식 증류, 인원 계수 모델 배포",
    "Workspace to start in: dataset, annotate, train, compare or count.":
        "시작할 작업 공간: dataset, annotate, train, compare, count 중 하나.",
    "User interface language: ko or en (default: the language chosen in the studio, else the system language).":
        "사용자 인터페이스 언어: ko 또는 en (기본값: 스튜디오에서 고른 언어, 없으면 시스템 언어).",
    "Dataset folders or images to open.": "열 데이터셋 폴더나 이미지.",
    "unknown language '%1' (use ko or en)": "알 수 없는 언어 '%1' (ko 또는 en을 쓰세요)",
    "no display to open the window on: set DISPLAY or WAYLAND_DISPLAY, run it under xvfb-run, or use the crowdkd command line":
        "창을 띄울 디스플레이가 없습니다: DISPLAY나 WAYLAND_DISPLAY를 설정하거나, xvfb-run으로 실행하거나, crowdkd 명령줄 도구를 쓰세요",
    "unknown workspace '%1' (use dataset, annotate, train, compare or count)":
        "알 수 없는 작업 공간 '%1' (dataset, annotate, train, compare, count 중 하나를 쓰세요)",
    "Add head at (%1, %2)": "머리 추가 (%1, %2)",
    "Move %n head(s)": "머리 %n개 이동",
    "Remove %n head(s)": "머리 %n개 삭제",
    "Display": "표시",
    "Head marker size": "머리 표시 크기",
    " px": " px",
    "Head marker colour": "머리 표시 색",
    "Show density map": "밀집도 맵 보기",
    "Density map opacity": "밀집도 맵 불투명도",
    "Edit history": "편집 기록",
    "<opened>": "<열었을 때>",
    "&Save Annotation": "주석 저장(&S)",
    "Save the head annotation into the dataset (Ctrl+S)": "머리 위치 주석을 데이터셋에 저장 (Ctrl+S)",
    "Save Annotation &As…": "다른 이름으로 주석 저장(&A)…",
    "&Undo": "실행 취소(&U)",
    "&Redo": "다시 실행(&R)",
    "Select &All Heads": "모든 머리 선택(&A)",
    "&Delete Selected Heads": "선택한 머리 삭제(&D)",
    "Zoom &In": "확대(&I)",
    "Zoom &Out": "축소(&O)",
    "&Fit to Window": "창에 맞추기(&F)",
    "&Actual Size (1:1)": "실제 크기 (1:1)(&A)",
    "&Previous Image": "이전 이미지(&P)",
    "Previous image (A, Page Up)": "이전 이미지 (A, Page Up)",
    "&Next Image": "다음 이미지(&N)",
    "Next image (D, Page Down)": "다음 이미지 (D, Page Down)",
    "Density &Map Overlay": "밀집도 맵 겹쳐 보기(&M)",
    "Show the density map computed from the heads (M)": "머리 위치로 계산한 밀집도 맵 보기 (M)",
    "<b>%1</b><br>%2 heads, %3 selected": "<b>%1</b><br>머리 %2개, %3개 선택됨",
    "No image open.": "열린 이미지가 없습니다.",
    "Head Marker Colour": "머리 표시 색",
    "Cannot Open Image": "이미지를 열 수 없음",
    "The image could not be opened:\n%1": "이미지를 열 수 없습니다:\n%1",
    "Recover Unsaved Edits": "저장하지 않은 편집 복구",
    "Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?":
        "%2에 자동 저장된 %1의 편집 내용이 있습니다 (머리 %n개). 복구할까요?",
    "Recover": "복구",
    "Recover autosaved edits": "자동 저장된 편집 복구",
    "Unsaved Changes": "저장하지 않은 변경 사항",
    "The head annotation of %1 has unsaved changes.": "%1의 머리 위치 주석에 저장하지 않은 변경 사항이 있습니다.",
    "Save them before going on?": "계속하기 전에 저장할까요?",
    "Cannot Save Here": "이 위치에 저장할 수 없음",
    "Save As…": "다른 이름으로 저장…",
    "Your edits are kept; choose another folder to save them in.":
        "편집 내용은 그대로 남아 있습니다. 저장할 다른 폴더를 고르세요.",
    "The dataset is read-only: %1 cannot be written.": "데이터셋이 읽기 전용이라 %1에 쓸 수 없습니다.",
    "The annotation could not be saved:\n%1": "주석을 저장하지 못했습니다:\n%1",
    "Save Annotation As": "다른 이름으로 주석 저장",
    "ShanghaiTech ground truth (*.mat)": "ShanghaiTech 정답 주석 (*.mat)",
    "Cannot Save": "저장할 수 없음",
    "CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.":
        "CrowdKD Studio가 정상적으로 종료되지 않았습니다. 이미지 %n장의 저장하지 않은 머리 위치 주석이 남아 있습니다: %1.",
    "Open the most recent one now? The others are offered when you open their images.":
        "가장 최근 것을 지금 열까요? 나머지는 해당 이미지를 열 때 복구를 제안합니다.",
    "Open and Recover": "열어서 복구",
    "Later": "나중에",
    "No image.\nOpen a dataset and pick an image, or drop an image here.":
        "이미지가 없습니다.\n데이터셋을 열고 이미지를 고르거나, 이미지를 여기에 끌어다 놓으세요.",
    "Untitled": "제목 없음",
    "%n head(s)": "머리 %n개",
    "declares %1 heads but lists %2": "선언된 머리 수는 %1개인데 좌표는 %2개입니다",
    "no ShanghaiTech split (images/ and ground-truth/) was found in this folder":
        "이 폴더에서 ShanghaiTech 분할(images/와 ground-truth/)을 찾지 못했습니다",
    "Splits": "분할",
    "Statistics": "통계",
    "Problems found": "발견된 문제",
    "Filter by name": "이름으로 거르기",
    "Heads:": "머리 수:",
    "Show images with at least this many heads": "머리 수가 이 값 이상인 이미지만 보기",
    "Show images with at most this many heads (∞: no limit)": "머리 수가 이 값 이하인 이미지만 보기 (∞: 제한 없음)",
    "Has problems": "문제 있음",
    "Edited": "편집됨",
    "Only images whose annotation was edited in the studio": "스튜디오에서 주석을 편집한 이미지만 보기",
    "Sort by name": "이름순",
    "Fewest heads first": "머리 수 적은 순",
    "Most heads first": "머리 수 많은 순",
    "Grid": "격자",
    "List": "목록",
    "%1 (%n image(s))": "%1 (이미지 %n장)",
    "%1 of %2 shown": "%2장 중 %1장 표시",
    "%1\nDouble-click to show the file's folder.": "%1\n두 번 누르면 파일이 있는 폴더를 엽니다.",
    "No problems found.": "문제가 없습니다.",
    "Problems found (%1)": "발견된 문제 (%1)",
    "Cannot Open Dataset": "데이터셋을 열 수 없음",
    "%1 could not be opened as a dataset:\n%2": "%1을(를) 데이터셋으로 열 수 없습니다:\n%2",
    "Dataset": "데이터셋",
    "Annotate": "주석",
    "Train": "학습",
    "Compare": "비교",
    "Count": "인원 계수",
    ("Count", "table column: number of people"): "인원 수",
    "Browse the dataset: splits, images, head counts, statistics, problems":
        "데이터셋 둘러보기: 분할, 이미지, 머리 수, 통계, 문제",
    "Annotate head positions on one image": "이미지 한 장에 머리 위치 주석 달기",
    "Train the teacher and distill the student (coming later)": "교사 모델 학습과 학생 모델로의 지식 증류 (추후 제공)",
    "Compare models on a split (coming later)": "분할 하나에서 모델 비교 (추후 제공)",
    "Count people with a trained model (coming later)": "학습된 모델로 인원 계수 (추후 제공)",
    "&Open Dataset…": "데이터셋 열기(&O)…",
    "Open a dataset folder (Ctrl+O)": "데이터셋 폴더 열기 (Ctrl+O)",
    "Open &Image…": "이미지 열기(&I)…",
    "Open &Sample Dataset": "예제 데이터셋 열기(&S)",
    "&Close Dataset": "데이터셋 닫기(&C)",
    "&Preferences…": "환경설정(&P)…",
    "&Quit": "끝내기(&Q)",
    "&About CrowdKD Studio": "CrowdKD Studio 정보(&A)",
    "About &Qt": "Qt 정보(&Q)",
    "&File": "파일(&F)",
    "Open &Recent": "최근 데이터셋(&R)",
    "&Edit": "편집(&E)",
    "&View": "보기(&V)",
    "&Go": "이동(&G)",
    "&Workspace": "작업 공간(&W)",
    "&Language": "언어(&L)",
    "&Help": "도움말(&H)",
    "Workspaces": "작업 공간",
    "Main Toolbar": "기본 도구 모음",
    "Zoom %1%": "배율 %1%",
    "● Modified": "● 수정됨",
    "Saved": "저장됨",
    "%1[*] — CrowdKD Studio": "%1[*] — CrowdKD Studio",
    "No dataset open": "열린 데이터셋 없음",
    "CrowdKD Studio": "CrowdKD Studio",
    "Opening %1…": "%1 여는 중…",
    "No Sample Dataset": "예제 데이터셋 없음",
    "The sample dataset is not installed with this build.": "이 빌드에는 예제 데이터셋이 설치되어 있지 않습니다.",
    "Cannot Open": "열 수 없음",
    "%1 is neither a dataset folder nor an image.": "%1은(는) 데이터셋 폴더도 이미지도 아닙니다.",
    "Open Dataset": "데이터셋 열기",
    "Open Image": "이미지 열기",
    "Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)": "이미지 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)",
    "Clear Recent Datasets": "최근 데이터셋 목록 지우기",
    "About CrowdKD Studio": "CrowdKD Studio 정보",
    "<h3>CrowdKD Studio %1</h3><p>Annotate crowd images, train an M-SFANet teacher, distill it into a tiny MCNN student and ship it.</p><table><tr><td>Qt</td><td>%2 (built with %3)</td></tr><tr><td>LibTorch</td><td>%4</td></tr><tr><td>OpenCV</td><td>%5</td></tr></table>":
        "<h3>CrowdKD Studio %1</h3><p>군중 이미지에 주석을 달고, M-SFANet 교사 모델을 학습해 작은 MCNN 학생 모델로 지식 증류한 뒤 배포합니다.</p><table><tr><td>Qt</td><td>%2 (빌드: %3)</td></tr><tr><td>LibTorch</td><td>%4</td></tr><tr><td>OpenCV</td><td>%5</td></tr></table>",
    "<p>This workspace will train the M-SFANet teacher model and distill it into the tiny MCNN student model (knowledge distillation: loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)).</p><p>It will hold the run settings (α, learning-rate schedule, epochs), live loss and MAE/RMSE curves, and checkpoints you can load from the reference PyTorch code.</p><p><i>Coming in a later version.</i></p>":
        "<p>이 작업 공간에서는 M-SFANet 교사 모델을 학습하고 작은 MCNN 학생 모델로 지식 증류합니다 (손실 = (1 − α)·MSE(학생, 정답) + α·MSE(학생, 교사)).</p><p>학습 설정(α, 학습률 스케줄, 에포크), 실시간 손실 및 MAE/RMSE 곡선, 참조 PyTorch 코드의 체크포인트 불러오기가 들어갈 예정입니다.</p><p><i>다음 버전에서 제공됩니다.</i></p>",
    "<p>This workspace will compare models on a split: teacher against student, student against ground truth, with MAE/RMSE, per-image count errors and density maps side by side.</p><p><i>Coming in a later version.</i></p>":
        "<p>이 작업 공간에서는 분할 하나에서 모델을 비교합니다: 교사 대 학생, 학생 대 정답을 MAE/RMSE, 이미지별 계수 오차, 밀집도 맵으로 나란히 봅니다.</p><p><i>다음 버전에서 제공됩니다.</i></p>",
    "<p>This workspace will count the people in your own images and videos with a trained student model, show its density map and export the model for embedded devices.</p><p><i>Coming in a later version.</i></p>":
        "<p>이 작업 공간에서는 학습된 학생 모델로 내 이미지와 영상의 인원을 세고, 밀집도 맵을 보여 주며, 임베디드 기기용으로 모델을 내보냅니다.</p><p><i>다음 버전에서 제공됩니다.</i></p>",
    "Preferences": "환경설정",
    " s": "초",
    "Off": "끄기",
    "Save into the dataset without asking when switching images": "이미지를 바꿀 때 묻지 않고 데이터셋에 저장",
    "Autosave unsaved edits every": "저장하지 않은 편집 자동 저장 간격",
    "Language": "언어",
    "heads per image": "이미지당 머리 수",
    "images": "이미지 수",
    "Images": "이미지",
    "Not annotated yet": "아직 주석 없음",
    "Counted so far": "지금까지 센 이미지",
    "Total heads": "전체 머리 수",
    "Min / max heads": "최소 / 최대 머리 수",
    "Mean heads": "평균 머리 수",
    "new": "새 이미지",
    "Welcome to CrowdKD Studio": "CrowdKD Studio에 오신 것을 환영합니다",
    "Annotate heads on crowd images, train a large teacher model, distill it into a tiny student model and ship it.":
        "군중 이미지에 머리 위치 주석을 달고, 큰 교사 모델을 학습해 작은 학생 모델로 지식 증류한 뒤 배포하세요.",
    "Open Dataset…": "데이터셋 열기…",
    "Open the Sample Dataset": "예제 데이터셋 열기",
    "A few ShanghaiTech part A images with their head annotations, bundled with the studio":
        "스튜디오에 함께 들어 있는 ShanghaiTech part A 이미지 몇 장과 머리 위치 주석",
    "Recent datasets": "최근 데이터셋",
    "A dataset is a folder in the ShanghaiTech layout: one folder per split (train_data, test_data) holding images/ and ground-truth/. You can also drop a dataset folder or an image on this window.":
        "데이터셋은 ShanghaiTech 구조의 폴더입니다: 분할(train_data, test_data)마다 images/와 ground-truth/가 들어 있습니다. 데이터셋 폴더나 이미지를 이 창에 끌어다 놓아도 됩니다.",
    # Train and Count workspaces.
    "Other model file…": "다른 모델 파일…",
    "Default student (MCNN) — MAE %1, RMSE %2": "기본 학생 모델 (MCNN) — MAE %1, RMSE %2",
    "Default student (MCNN)": "기본 학생 모델 (MCNN)",
    "Trained by CrowdKD: %1. Measured on ShanghaiTech part A test (%2 images): MAE %3, RMSE %4.":
        "CrowdKD로 학습: %1. ShanghaiTech part A 테스트(이미지 %2장)에서 측정: MAE %3, RMSE %4.",
    "Open &images…": "이미지 열기(&I)…",
    "Open &folder…": "폴더 열기(&F)…",
    "C&lear": "비우기(&L)",
    "&Export counts…": "인원수 내보내기(&E)…",
    "Drop images or folders here to count the people in them.":
        "이미지나 폴더를 여기에 끌어다 놓으면 사람 수를 셉니다.",
    "Density overlay opacity:": "밀집도 맵 불투명도:",
    "%n image(s) counted, %1 people in total": "이미지 %n장 인원 계수, 모두 %1명",
    "Model to count with": "인원 계수에 쓸 모델",
    "Models (*.pth *.pt *.tar *.onnx);;All files (*)": "모델 (*.pth *.pt *.tar *.onnx);;모든 파일 (*)",
    "%1 looks like a dataset. Open it in the Dataset workspace instead of counting its images?":
        "%1은(는) 데이터셋으로 보입니다. 이미지를 세는 대신 데이터셋 작업 공간에서 열까요?",
    "The model could not be loaded: %1": "모델을 불러올 수 없습니다: %1",
    "%1 people": "%1명",
    "Images to count": "셀 이미지",
    "Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;All files (*)":
        "이미지 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp);;모든 파일 (*)",
    "Folder of images to count": "셀 이미지가 있는 폴더",
    "Export counts": "인원수 내보내기",
    "CSV table (*.csv);;JSON (*.json)": "CSV 표 (*.csv);;JSON (*.json)",
    "The counts could not be written to %1.": "인원수를 %1에 쓸 수 없습니다.",
    "Checkpoint saved: %1 (epoch %2)": "체크포인트 저장: %1 (에폭 %2)",
    "Paused.": "일시 정지했습니다.",
    "Resumed.": "다시 시작했습니다.",
    "Folder of training runs": "학습 실행 폴더",
    "Training settings": "학습 설정",
    "&Preset:": "프리셋(&P):",
    "Custom": "사용자 지정",
    "Paper: KD α=0.1": "논문: 지식 증류 α=0.1",
    "Paper: plain student": "논문: 일반 학생 모델",
    "Teacher (M-SFANet)": "교사 모델 (M-SFANet)",
    "Quick check (a few images)": "빠른 점검 (이미지 몇 장)",
    "&Dataset:": "데이터셋(&D):",
    "ShanghaiTech part folder (train_data, test_data)": "ShanghaiTech 파트 폴더 (train_data, test_data)",
    "Choose the dataset folder": "데이터셋 폴더 선택",
    "&Mode:": "방식(&M):",
    "Knowledge distillation (KD student)": "지식 증류 (증류 학생 모델)",
    "Plain student (MCNN)": "일반 학생 모델 (MCNN)",
    "&α (teacher weight):": "&α (교사 가중치):",
    "T&eacher model:": "교사 모델(&E):",
    "CrowdKD checkpoint or PyTorch .pth": "CrowdKD 체크포인트 또는 PyTorch .pth",
    "Choose the teacher model file": "교사 모델 파일 선택",
    "E&pochs:": "에폭(&P):",
    "&Learning rate:": "학습률(&L):",
    "0 uses the optimizer's default (Adam 1e-4, SGD 1e-6)": "0이면 옵티마이저 기본값 (Adam 1e-4, SGD 1e-6)",
    "&Batch size:": "배치 크기(&B):",
    "Default": "기본값",
    "&Crop size:": "자르기 크기(&C):",
    "Whole images": "이미지 전체",
    "Training &images:": "학습 이미지(&I):",
    "&Optimizer:": "옵티마이저(&O):",
    "&Scheduler:": "스케줄러(&S):",
    "Cosine annealing, warm restarts": "코사인 어닐링, 웜 리스타트",
    "Constant": "고정",
    "T_0 (epochs):": "T_0 (에폭):",
    "T_mult:": "T_mult:",
    "eta_min:": "eta_min:",
    "&Validate every:": "검증 간격(&V):",
    " epoch(s)": " 에폭",
    "See&d:": "시드(&D):",
    "De&vice:": "장치(&V):",
    "Automatic": "자동",
    "&Threads:": "스레드(&T):",
    "All cores": "모든 코어",
    "&Start": "시작(&S)",
    "S&top": "중지(&T)",
    "Stop after the current iteration; the run can be resumed": "현재 반복이 끝나면 중지합니다. 나중에 이어서 학습할 수 있습니다",
    "Past runs": "지난 실행",
    "Show the run's settings and curves": "실행의 설정과 곡선 보기",
    "Compare &curves": "곡선 비교(&C)",
    "Draw the run's curves on the same axes": "실행의 곡선을 같은 축에 겹쳐 그리기",
    "&Resume": "이어서 학습(&R)",
    "Continue the run from its last checkpoint": "마지막 체크포인트에서 실행을 이어 갑니다",
    "Count &with it": "이 모델로 인원 계수(&W)",
    "Use the run's best model in the Count workspace": "실행의 최고 모델을 인원 계수 작업 공간에서 사용",
    "Runs folder…": "실행 폴더…",
    "Save charts…": "차트 저장…",
    "Ready.": "준비됨.",
    "&Continue": "계속(&C)",
    "P&ause": "일시 정지(&A)",
    "KD α=%1": "지식 증류 α=%1",
    " — MAE %1": " — MAE %1",
    "%1\nStatus: %2, %3 of %4 epochs": "%1\n상태: %2, 에폭 %4 중 %3",
    "The learning rate and eta_min must be non-negative numbers.": "학습률과 eta_min은 0 이상의 수여야 합니다.",
    "Choose the dataset folder to train on.": "학습할 데이터셋 폴더를 고르세요.",
    "Knowledge distillation needs a teacher model file.": "지식 증류에는 교사 모델 파일이 필요합니다.",
    "The training could not start.": "학습을 시작할 수 없습니다.",
    "Training %1 into %2": "%1 학습, 저장 위치 %2",
    "Preparing data…": "데이터 준비 중…",
    "Cannot start: %1": "시작할 수 없음: %1",
    "Cannot resume: %1": "이어서 학습할 수 없음: %1",
    "Resuming %1": "%1 이어서 학습",
    "Stopping after the current iteration…": "현재 반복이 끝나면 중지합니다…",
    "Cannot read the settings of %1: %2": "%1의 설정을 읽을 수 없음: %2",
    "Showing %1": "%1 표시 중",
    "Started: %1 training images, %2 validation images, %3 parameters, on %4; epochs %5 to %6":
        "시작: 학습 이미지 %1장, 검증 이미지 %2장, 매개변수 %3개, 장치 %4, 에폭 %5–%6",
    "Training…": "학습 중…",
    "Epoch %1/%2 · iteration %3/%4 · %5 samples/s · elapsed %6 · ETA %7 · loss %8":
        "에폭 %1/%2 · 반복 %3/%4 · 초당 %5 샘플 · 경과 %6 · 남은 시간 %7 · 손실 %8",
    "Paused — %1": "일시 정지 — %1",
    "Epoch %1/%2 — %p%": "에폭 %1/%2 — %p%",
    "Epoch %1: validation MAE %2, RMSE %3 on %4 images%5": "에폭 %1: 검증 MAE %2, RMSE %3 (이미지 %4장)%5",
    " (best so far)": " (지금까지 최고)",
    "Training finished.": "학습을 마쳤습니다.",
    "Training stopped; resume it from the list of past runs.": "학습을 중지했습니다. 지난 실행 목록에서 이어서 학습할 수 있습니다.",
    "Training failed: %1": "학습 실패: %1",
    "Failed.": "실패했습니다.",
    "Finished": "완료",
    "Stopped (resumable)": "중지됨 (이어서 학습 가능)",
    "Failed": "실패",
    "<b>%1</b> — best validation MAE <b>%2</b>, RMSE <b>%3</b> (epoch %4) · weights %5 MB · %6 epochs in %7":
        "<b>%1</b> — 최고 검증 MAE <b>%2</b>, RMSE <b>%3</b> (에폭 %4) · 가중치 %5 MB · 에폭 %6회, %7 소요",
    "Training is running": "학습 진행 중",
    "A training run is going. Stop it? Its last checkpoint is kept, so it can be resumed later from the list of past runs.":
        "학습이 진행 중입니다. 중지할까요? 마지막 체크포인트가 남으므로 나중에 지난 실행 목록에서 이어서 학습할 수 있습니다.",
    "Teacher model": "교사 모델",
    "Models (*.pth *.pt *.tar);;All files (*)": "모델 (*.pth *.pt *.tar);;모든 파일 (*)",
    "Save charts": "차트 저장",
    "PNG image (*.png);;PDF document (*.pdf)": "PNG 이미지 (*.png);;PDF 문서 (*.pdf)",
    "The charts could not be saved to %1.": "차트를 %1에 저장할 수 없습니다.",
    "Loss": "손실",
    "Loss (smoothed)": "손실 (평활)",
    "Ground-truth part": "정답 항",
    "Teacher part": "교사 항",
    "Iteration": "반복",
    "Training loss": "학습 손실",
    "Validation MAE": "검증 MAE",
    "Validation RMSE": "검증 RMSE",
    "Best MAE": "최고 MAE",
    "Epoch": "에폭",
    "Count error": "인원수 오차",
    "Learning rate": "학습률",
    "MAE: %1": "MAE: %1",
    "Loss: %1": "손실: %1",
    "A training run is already going.": "이미 학습이 진행 중입니다.",
    "The folder %1 already holds a run.": "%1 폴더에는 이미 실행이 있습니다.",
    "Image": "이미지",
    "Dataset folder": "데이터셋 폴더",
    "error": "오류",
    "loss = (1 − α)·MSE(student, ground truth) + α·MSE(student, teacher)":
        "손실 = (1 − α)·MSE(학생 모델, 정답) + α·MSE(학생 모델, 교사 모델)",
    "All": "전체",
    "&Open": "열기(&O)",
    "teacher": "교사 모델",
    "student": "학생 모델",
    # Compare workspace (teacher, student and KD student side by side; split table).
    "No dataset is open. Open a dataset folder (File ▸ Open Dataset…) or the bundled sample dataset to compare the models on its images.":
        "열린 데이터셋이 없습니다. 데이터셋 폴더(파일 ▸ 데이터셋 열기…)나 함께 제공되는 예제 데이터셋을 열어 그 이미지로 모델을 비교하세요.",
    "Teacher": "교사 모델",
    "Student": "학생 모델",
    "KD student": "KD 학생 모델",
    "&Split:": "분할(&S):",
    "Open the &sample dataset": "예제 데이터셋 열기(&S)",
    "Models": "모델",
    "&Teacher:": "교사 모델(&T):",
    "Plain s&tudent:": "일반 학생 모델(&T):",
    "&KD student:": "KD 학생 모델(&K):",
    "Choose a model file": "모델 파일 선택",
    "One colour scale for all maps": "모든 맵에 같은 색상 척도",
    "Colour every map on the same scale (off: each map from zero to its own maximum)":
        "모든 맵을 같은 척도로 칠합니다 (끄면 맵마다 0부터 자신의 최댓값까지)",
    "&Fit": "맞추기(&F)",
    "Show the whole image (or double-click a panel)": "이미지 전체 보기 (패널을 두 번 클릭해도 됩니다)",
    "E&xport image…": "이미지 내보내기(&X)…",
    "Save the comparison shown as a PNG image": "보이는 비교 화면을 PNG 이미지로 저장",
    "Export the KD student…": "KD 학생 모델 내보내기…",
    "&Evaluate the split": "분할 전체 평가(&E)",
    "Count every image of the split with the three models (fills the table)":
        "분할의 모든 이미지의 인원을 세 모델로 계수합니다 (표를 채웁니다)",
    "&Cancel": "취소(&C)",
    "Previous image (Page Up)": "이전 이미지 (Page Up)",
    "Next image (Page Down)": "다음 이미지 (Page Down)",
    "(none)": "(없음)",
    "Run %1 (%2)": "실행 %1 (%2)",
    ", MAE %1": ", MAE %1",
    "Default student (MCNN, KD α=0.1)": "기본 학생 모델 (MCNN, KD α=0.1)",
    "Browse…": "찾아보기…",
    "Model for the comparison": "비교할 모델",
    "The split has no annotated images.": "이 분할에는 주석이 있는 이미지가 없습니다.",
    "<b>%1</b> — image %2 of %3 in the table's order": "<b>%1</b> — 표 순서로 %3장 중 %2번째 이미지",
    "Every image of the split is counted.": "분할의 모든 이미지의 인원을 계수했습니다.",
    "Evaluation cancelled after %1 of %2 images.": "%2장 중 %1장을 평가한 뒤 취소했습니다.",
    "Counting image %1 of %2…": "%2장 중 %1번째 이미지의 인원 계수 중…",
    "%n image(s) counted.": "이미지 %n장의 인원을 계수했습니다.",
    "%1 model": "%1 모델",
    "Cannot use it: %1": "사용할 수 없음: %1",
    "The split has no annotated images to compare on.": "이 분할에는 비교할 주석 이미지가 없습니다.",
    "Input: %1": "입력: %1",
    "%1 × %2 pixels": "%1 × %2 픽셀",
    "Ground truth": "정답",
    "%1 annotated heads": "주석 머리 %1개",
    "%1: %2": "%1: %2",
    "No model: choose one on the left.": "모델 없음: 왼쪽에서 고르세요.",
    "Count %1": "인원 수 %1",
    " · error %1 (%2%)": " · 오차 %1 (%2%)",
    "MAE": "MAE",
    "RMSE": "RMSE",
    "n = %1": "n = %1",
    "bias %1": "편향 %1",
    "Mean absolute error of the counts over the images counted so far; bias is the mean signed error":
        "지금까지 계수한 이미지에 대한 인원 수의 평균 절대 오차; 편향은 부호 있는 오차의 평균",
    "Root mean squared error of the counts": "인원 수의 평균 제곱근 오차",
    "Export the comparison": "비교 내보내기",
    "PNG image (*.png)": "PNG 이미지 (*.png)",
    "The image could not be written to %1: %2": "%1에 이미지를 쓸 수 없습니다: %2",
    "Annotated heads (ground truth)": "주석된 머리 수 (정답)",
    "%1: estimated count": "%1: 추정 인원 수",
    "%1: count − ground truth": "%1: 추정 인원 수 − 정답",
    "%1\nerror": "%1\n오차",
    "%1: absolute error": "%1: 절대 오차",
    "%1\n|error|": "%1\n|오차|",
    "Computing…": "계산 중…",
    "Density, one scale for all maps": "밀집도, 모든 맵에 같은 척도",
    "Density, each map its own scale": "밀집도, 맵마다 자체 척도",
    "people per %1×%1 input pixels": "입력 %1×%1 픽셀당 인원",
    "fraction of each map's maximum": "각 맵 최댓값에 대한 비율",
    "No density map yet.": "아직 밀집도 맵이 없습니다.",
    "Compare the teacher, the student and the KD student on a split":
        "분할에서 교사 모델, 학생 모델, KD 학생 모델을 비교",
    "Compare the run's best model in the Compare workspace": "실행의 최고 모델을 비교 작업 공간에서 비교",
}

# English plural forms of the %n texts (singular, plural).
EN_PLURALS = {
    "Move %n head(s)": ("Move %n head", "Move %n heads"),
    "Remove %n head(s)": ("Remove %n head", "Remove %n heads"),
    "%n head(s)": ("%n head", "%n heads"),
    "%1 (%n image(s))": ("%1 (%n image)", "%1 (%n images)"),
    "%n image(s) counted.": ("%n image counted.", "%n images counted."),
    "%n image(s) counted, %1 people in total":
        ("%n image counted, %1 people in total", "%n images counted, %1 people in total"),
    "Unsaved edits of %1 from %2 were kept (%n head(s)). Recover them?":
        ("Unsaved edits of %1 from %2 were kept (%n head). Recover them?",
         "Unsaved edits of %1 from %2 were kept (%n heads). Recover them?"),
    "CrowdKD Studio did not close normally. Unsaved head annotations of %n image(s) were kept: %1.":
        ("CrowdKD Studio did not close normally. Unsaved head annotations of %n image were kept: %1.",
         "CrowdKD Studio did not close normally. Unsaved head annotations of %n images were kept: %1."),
}


def fill(path, language):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        numerus = message.get("numerus") == "yes"
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        if language == "ko":
            # A (source, disambiguation comment) key wins over the bare source text.
            comment = message.find("comment")
            text = KO.get((source, comment.text)) if comment is not None else None
            if text is None:
                text = KO.get(source)
            if text is None:
                missing.append(source)
                translation.set("type", "unfinished")
                continue
            if numerus:
                ET.SubElement(translation, "numerusform").text = text
            else:
                translation.text = text
        else:
            if not numerus:
                translation.set("type", "unfinished")  # English source texts are used as they are
                continue
            forms = EN_PLURALS.get(source)
            if forms is None:
                missing.append(source)
                translation.set("type", "unfinished")
                continue
            for form in forms:
                ET.SubElement(translation, "numerusform").text = form
        translation.attrib.pop("type", None)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    folder = Path(__file__).resolve().parent
    status = 0
    for language in ("ko", "en"):
        missing = fill(folder / f"crowdkd_{language}.ts", language)
        for text in missing:
            print(f"crowdkd_{language}.ts: no translation for {text!r}", file=sys.stderr)
            status = 1
    sys.exit(status)
